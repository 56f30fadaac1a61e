using System.ClientModel;
using System.ClientModel.Primitives;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// The <see cref="IChatClient"/> for any OpenAI-compatible <c>/chat/completions</c> endpoint (a vast.ai host running
/// Ollama, vLLM or llama.cpp, or OpenRouter): the OpenAI SDK's client as an <see cref="IChatClient"/>, composed with
/// logging, OpenTelemetry and <see cref="ReliableChatClient"/>.
/// </summary>
internal static class OpenAiCompatibleChatClient
{
    /// <summary>Builds the pipeline; <paramref name="services"/> supplies the logger factory, the clock and the telemetry settings.</summary>
    public static IChatClient Create(InferenceOptions inference, IServiceProvider services)
    {
        var telemetry = services.GetRequiredService<TelemetrySettings>();
        var pipeline = SdkClient(inference).GetChatClient(inference.DefaultModel).AsIChatClient()
            .AsBuilder()
            .Use((inner, provider) => new LoggingChatClient(inner, Logger(provider, telemetry)));
        if (telemetry.Tracing)
        {
            // GenAI spans (model, token usage, time to first token), only when spans are exported: this client keeps
            // every streamed update of a reply to describe it at its end. Prompts and replies only with IncludeContent.
            pipeline.UseOpenTelemetry(sourceName: KissChatTelemetry.Name, configure: client => client.EnableSensitiveData = telemetry.IncludeContent);
        }

        // Inside logging and telemetry, so they record one call per reply with its clear failure, never the
        // provider's raw error text (which may echo the API key).
        var client = pipeline
            .Use(inner => new ReliableChatClient(inner, inference, services.GetService<TimeProvider>() ?? TimeProvider.System))
            .ConfigureOptions(options => CompatibleRequest.Apply(options, inference))
            .Build(services);

        // Outside the retries, so it reads the one stream the caller gets; the logs keep the reply as the model wrote it.
        return inference.ThinkTags ? new ThinkTagChatClient(client) : client;
    }

    private static ILogger Logger(IServiceProvider services, TelemetrySettings telemetry) =>
        new ModelClientLogger(services.GetRequiredService<ILoggerFactory>().CreateLogger<LoggingChatClient>(), telemetry.IncludeContent);

    private static OpenAIClient SdkClient(InferenceOptions inference)
    {
        var endpoint = inference.Endpoint
            ?? throw new ArgumentException("An OpenAI-compatible provider needs an endpoint.", nameof(inference));
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint,

            // ReliableChatClient is the only layer that retries, so that a retry stays within the reply's deadline.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),

            // The first-token, idle and total deadlines are the only ones, so every timeout is the same clear failure.
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            UserAgentApplicationId = "KissChat",
            Transport = ModelConnections.Transport(inference),
        };
        options.AddPolicy(new StreamedReplyPolicy(endpoint, inference.ApiKey), PipelinePosition.BeforeTransport);
        return inference.ApiKey.Length > 0
            ? new OpenAIClient(new ApiKeyCredential(inference.ApiKey), options)
            : WithoutAuthentication(options);
    }

    // Self-hosted servers often run without a token, and the SDK refuses an empty key. Sending no
    // Authorization header needs the SDK's still-experimental policy constructor, used only here.
#pragma warning disable OPENAI001
    private static OpenAIClient WithoutAuthentication(OpenAIClientOptions options) => new(new NoAuthenticationPolicy(), options);
#pragma warning restore OPENAI001

    private sealed class NoAuthenticationPolicy : AuthenticationPolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNext(message, pipeline, currentIndex);

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNextAsync(message, pipeline, currentIndex);
    }
}
