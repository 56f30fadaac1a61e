using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace KissChat.Inference;

/// <summary>
/// Offline stand-in used when no provider is configured: it streams a clearly labelled canned reply
/// that quotes the user, so the whole chat flow can be tried without an AI account.
/// </summary>
internal sealed class DemoChatClient(TimeSpan wordDelay) : IChatClient
{
    public const string ModelId = "demo";
    public const string Label = "[demo model]";
    private const int MaxQuoteLength = 120;
    private static readonly ChatClientMetadata Metadata = new("demo", providerUri: null, ModelId);

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var words = Reply(messages).Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            // The delay imitates a real model's pace so streaming UIs can be exercised; tests set it to zero.
            await Task.Delay(wordDelay, cancellationToken).ConfigureAwait(false);
            var piece = i < words.Length - 1 ? words[i] + " " : words[i];
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = ModelId };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    // Nothing to release.
    public void Dispose()
    {
    }

    private static string Reply(IEnumerable<ChatMessage> messages)
    {
        var lastUserText = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var quote = string.Join(' ', lastUserText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (quote.Length > MaxQuoteLength)
        {
            quote = string.Concat(quote.AsSpan(0, MaxQuoteLength), "…");
        }

        var echo = quote.Length == 0 ? "Say something and I will echo it back." : $"You said: \"{quote}\".";
        return $"{Label} No AI provider is configured, so this is a built-in demo reply, not a real model. {echo} "
            + "Set VASTAI_INSTANCE_IP or OPENROUTER_API_KEY to chat with a real model.";
    }
}
