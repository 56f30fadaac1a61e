using Coravel.Invocable;

namespace KissChat.Chats.SearchMessages;

/// <summary>
/// Every few seconds, adds the messages stored since the last run to the full-text index, so a search seldom has many to
/// add before it reads, and the index grows by one segment per run rather than one per message.
/// </summary>
internal sealed class IndexNewMessages(MessageSearch search) : IInvocable
{
    public const int IntervalSeconds = 5;

    public Task Invoke() => search.CatchUpAsync(CancellationToken.None);
}
