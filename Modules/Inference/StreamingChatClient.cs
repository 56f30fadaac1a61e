using Microsoft.Extensions.AI;

namespace KissChat.Inference;

/// <summary>
/// Base for our clients, which only speak streaming: the one-shot call is the aggregated stream,
/// so there is a single code path per provider to get right.
/// </summary>
internal abstract class StreamingChatClient(ChatClientMetadata metadata) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public abstract IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    // Nothing to release: the SDK's ChatClient shares a process-wide HTTP transport.
    public void Dispose()
    {
    }
}
