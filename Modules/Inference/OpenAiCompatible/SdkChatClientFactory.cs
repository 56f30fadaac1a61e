using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>Points the OpenAI SDK's pipeline at an OpenAI-compatible endpoint.</summary>
internal static class SdkChatClientFactory
{
    public static ChatClient Create(InferenceOptions options)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint
                ?? throw new ArgumentException("An OpenAI-compatible provider needs an endpoint.", nameof(options)),

            // One quick retry absorbs a blip; more would keep the user staring at an empty reply.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 1),

            // Our first-token, idle and total deadlines are the only ones, so every timeout surfaces
            // as the same clear ModelProviderException instead of an SDK cancellation.
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            UserAgentApplicationId = "KissChat",
        };
        return options.ApiKey.Length > 0
            ? new ChatClient(options.DefaultModel, new ApiKeyCredential(options.ApiKey), clientOptions)
            : WithoutAuthentication(options.DefaultModel, clientOptions);
    }

    // Self-hosted servers often run without a token, and the SDK refuses an empty key. Sending no
    // Authorization header needs the SDK's still-experimental policy constructor, used only here.
#pragma warning disable OPENAI001
    private static ChatClient WithoutAuthentication(string model, OpenAIClientOptions clientOptions) =>
        new(model, new NoAuthenticationPolicy(), clientOptions);
#pragma warning restore OPENAI001

    private sealed class NoAuthenticationPolicy : AuthenticationPolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNext(message, pipeline, currentIndex);

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNextAsync(message, pipeline, currentIndex);
    }
}
