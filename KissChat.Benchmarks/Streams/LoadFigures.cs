using System.Diagnostics;

namespace KissChat.Benchmarks.Streams;

/// <summary>What a load run comes to: times, throughput, coalescing, and what the server spent.</summary>
/// <param name="Replies">Replies that ended well inside the window: the throughput's count.</param>
/// <param name="Errors">Replies that failed anywhere in the run, warm-up and drain included.</param>
/// <param name="FirstToken">Of the replies sent inside the window, as are <paramref name="Reply"/> and <paramref name="CoalescedShare"/>.</param>
/// <param name="Warmup">From the run's start to the window's: for loads in flight, until every stream had a reply.</param>
/// <param name="Drain">From the window's end until the replies still running then had ended.</param>
/// <param name="CoalescedShare">Token frames less than 1 ms after their reply's previous one, of all token frames but the first.</param>
/// <param name="MachineBusyShare">Of all cores' time in the window, the share not idle: the server's, the database's, the model's and the client's work together.</param>
/// <param name="DatabaseCpu">PostgreSQL's CPU time in the window, when it runs on this machine.</param>
internal sealed record LoadFigures(
    int Replies,
    int Errors,
    string? FirstError,
    TimeSpan Warmup,
    TimeSpan Window,
    TimeSpan Drain,
    Latency FirstToken,
    Latency Reply,
    double CoalescedShare,
    TimeSpan? ServerCpu,
    ProcessSample? Server,
    double MachineBusyShare,
    TimeSpan? DatabaseCpu)
{
    public double RepliesPerSecond => Replies / Window.TotalSeconds;

    public double? CpuMsPerReply => ServerCpu?.TotalMilliseconds / Replies;

    public double? DatabaseCpuMsPerReply => DatabaseCpu?.TotalMilliseconds / Replies;

    /// <summary>The server's CPU use during the window, where 100% is one core.</summary>
    public double? CpuPercent => ServerCpu / Window * 100;

    public static LoadFigures Of(LoadRun run)
    {
        bool InWindow(long moment) => moment >= run.WindowStart && moment <= run.WindowEnd;
        var ended = run.Replies.Count(r => r.Succeeded && InWindow(r.Finished));
        var timed = run.Replies.Where(r => r.Succeeded && InWindow(r.Sent)).ToList();
        var failed = run.Replies.Where(r => !r.Succeeded).ToList();
        var gaps = timed.Sum(r => r.Tokens - 1L);
        return new LoadFigures(
            ended,
            failed.Count,
            failed.FirstOrDefault().Error,
            Stopwatch.GetElapsedTime(run.Start, run.WindowStart),
            Stopwatch.GetElapsedTime(run.WindowStart, run.WindowEnd),
            Stopwatch.GetElapsedTime(run.WindowEnd, run.End),
            Latency.Of(timed.Select(r => r.TimeToFirstToken)),
            Latency.Of(timed.Select(r => r.Duration)),
            gaps == 0 ? double.NaN : (double)timed.Sum(r => (long)r.Coalesced) / gaps,
            run.After.Server?.Cpu - run.Before.Server?.Cpu,
            run.After.Server,
            run.After.Machine is { } end && run.Before.Machine is { } start ? (end.Busy - start.Busy) / (end.All - start.All) : double.NaN,
            // Less than nothing when backends ended in the window, taking their time with them: no figure then.
            run.After.Machine?.Database - run.Before.Machine?.Database is { Ticks: >= 0 } database ? database : null);
    }
}
