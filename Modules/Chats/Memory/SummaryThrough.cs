namespace KissChat.Chats.Memory;

/// <summary>A running summary and the position of the last message it covers: what a round goes on from, or a snapshot.</summary>
internal sealed record SummaryThrough(string Summary, int ThroughSeq)
{
    public static readonly SummaryThrough None = new(string.Empty, 0);
}
