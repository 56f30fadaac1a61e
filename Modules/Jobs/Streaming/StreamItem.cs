namespace KissChat.Jobs.Streaming;

internal enum StreamItemKind
{
    Frame,
    KeepAlive,
    Done,
}

internal readonly record struct StreamItem(StreamItemKind Kind, int Seq, string Type, string Data)
{
    public static readonly StreamItem KeepAlive = new(StreamItemKind.KeepAlive, 0, string.Empty, string.Empty);

    public static StreamItem Done(int seq) => new(StreamItemKind.Done, seq, string.Empty, "[DONE]");
}
