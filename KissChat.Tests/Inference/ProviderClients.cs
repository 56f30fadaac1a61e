using KissChat.Inference;
using KissChat.Inference.Contracts;
using KissChat.Inference.OpenAiCompatible;
using KissChat.Kernel.Telemetry;
using KissChat.Tests.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Inference;

/// <summary>Builds the real OpenAI-compatible client pipeline pointed at a fake server, with test-sized timeouts.</summary>
internal static class ProviderClients
{
    public const string Model = "test-model";
    public const string ApiKey = "test-secret-token";

    private static readonly ServiceProvider Services = new ServiceCollection().AddLogging().AddSingleton(new TelemetrySettings(IncludeContent: false, Tracing: false)).BuildServiceProvider();

    public static InferenceOptions Options(
        Uri endpoint,
        string apiKey = ApiKey,
        double firstTokenSeconds = 10,
        double idleSeconds = 10,
        double totalSeconds = 30,
        bool cleartextHttp2 = false) => new()
        {
            Provider = InferenceProvider.VastAi,
            Endpoint = endpoint,
            ApiKey = apiKey,
            DefaultModel = Model,
            AllowedModels = [Model],
            FirstTokenTimeout = TimeSpan.FromSeconds(firstTokenSeconds),
            IdleTimeout = TimeSpan.FromSeconds(idleSeconds),
            TotalTimeout = TimeSpan.FromSeconds(totalSeconds),
            CleartextHttp2 = cleartextHttp2,
        };

    public static IChatClient For(FakeModelServer server) => Create(Options(server.Endpoint));

    public static IChatClient Create(InferenceOptions options) => OpenAiCompatibleChatClient.Create(options, Services);

    public static IReadOnlyList<ChatMessage> Conversation() =>
    [
        new(ChatRole.System, "You are Mira, a cheerful innkeeper."),
        new(ChatRole.Assistant, "Welcome, traveller!"),
        new(ChatRole.User, "Do you have a room?"),
    ];

    /// <summary>The pieces of text in order; updates that carry no text (role, finish, usage) are skipped.</summary>
    public static async Task<List<string>> CollectTextAsync(IChatClient client, ChatOptions? options = null) =>
        [.. (await CollectAsync(client, options)).Select(u => u.Text).Where(t => t.Length > 0)];

    /// <summary>The next piece of text, skipping updates without any; null at the end of the stream.</summary>
    public static async Task<string?> NextTextAsync(IAsyncEnumerator<ChatResponseUpdate> updates)
    {
        while (await updates.MoveNextAsync())
        {
            if (updates.Current.Text.Length > 0)
            {
                return updates.Current.Text;
            }
        }

        return null;
    }

    public static async Task<List<ChatResponseUpdate>> CollectAsync(IChatClient client, ChatOptions? options = null)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Conversation(), options))
        {
            updates.Add(update);
        }

        return updates;
    }
}
