namespace KissChat.Benchmarks.Streams;

/// <summary>Sends one message on stream <paramref name="stream"/> and reads the reply to its end.</summary>
internal delegate Task<ReplyTrace> SendReply(int stream, CancellationToken cancellationToken);

/// <summary>
/// What one load run saw: every reply, when it started and ended, its measured window within (Stopwatch
/// timestamps), and the counters at the window's edges.
/// </summary>
internal sealed record LoadRun(
    IReadOnlyList<ReplyTrace> Replies, long Start, long WindowStart, long WindowEnd, long End, WindowEdge Before, WindowEdge After);
