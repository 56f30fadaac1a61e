using KissChat.Inference;
using KissChat.Inference.OpenAiCompatible;
using KissChat.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace KissChat.Tests.Inference;

/// <summary>Builds the real OpenAI-compatible client pointed at a fake server, with test-sized timeouts.</summary>
internal static class ProviderClients
{
    public const string Model = "test-model";
    public const string ApiKey = "test-secret-token";

    public static InferenceOptions Options(
        Uri endpoint,
        string apiKey = ApiKey,
        double firstTokenSeconds = 10,
        double idleSeconds = 10,
        double totalSeconds = 30) => new()
        {
            Provider = InferenceProvider.VastAi,
            Endpoint = endpoint,
            ApiKey = apiKey,
            DefaultModel = Model,
            AllowedModels = [Model],
            FirstTokenTimeout = TimeSpan.FromSeconds(firstTokenSeconds),
            IdleTimeout = TimeSpan.FromSeconds(idleSeconds),
            TotalTimeout = TimeSpan.FromSeconds(totalSeconds),
        };

    public static OpenAiCompatibleChatClient For(FakeModelServer server) => new(Options(server.Endpoint));

    public static IReadOnlyList<ChatMessage> Conversation() =>
    [
        new(ChatRole.System, "You are Mira, a cheerful innkeeper."),
        new(ChatRole.Assistant, "Welcome, traveller!"),
        new(ChatRole.User, "Do you have a room?"),
    ];

    public static async Task<List<string>> CollectTextAsync(IChatClient client, ChatOptions? options = null)
    {
        var pieces = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync(Conversation(), options))
        {
            pieces.Add(update.Text);
        }

        return pieces;
    }
}
