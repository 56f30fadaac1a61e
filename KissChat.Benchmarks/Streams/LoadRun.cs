namespace KissChat.Benchmarks.Streams;

/// <summary>Sends one message on stream <paramref name="stream"/> and reads the reply to its end.</summary>
internal delegate Task<ReplyTrace> SendReply(int stream, CancellationToken cancellationToken);

/// <summary>
/// What one load run saw: every reply, when it started and ended, its measured window within (Stopwatch
/// timestamps), and the server's counters at the window's edges (null for the direct baseline, which has no server), and
/// the machine's.
/// </summary>
internal sealed record LoadRun(
    IReadOnlyList<ReplyTrace> Replies,
    long Start,
    long WindowStart,
    long WindowEnd,
    long End,
    ProcessSample? ServerBefore,
    ProcessSample? ServerAfter,
    MachineSample? MachineBefore,
    MachineSample? MachineAfter);
