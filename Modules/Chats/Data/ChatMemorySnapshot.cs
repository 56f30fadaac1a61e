namespace KissChat.Chats.Data;

/// <summary>
/// The running summary as one round (or the user) left it: what the messages up to <see cref="ThroughSeq"/> said. When a
/// covered message changes, the summary goes back to the newest snapshot before it and goes on from there, instead of
/// being redone from the first message. The newest one is the summary as it stands; older ones are thinned out.
/// </summary>
internal sealed class ChatMemorySnapshot
{
    public Guid MemoryId { get; init; }

    public int ThroughSeq { get; init; }

    public required string Summary { get; init; }
}
