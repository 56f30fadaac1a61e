using System.Collections.Concurrent;
using System.Diagnostics;

namespace KissChat.Benchmarks.Streams;

/// <summary>
/// N streams kept in flight: each sends its next message as soon as its reply ends.
/// <list type="bullet">
/// <item>The streams start spread over the warm-up, as users arrive, not in one batch (that is the other load
/// shape); the warm-up lasts its time and at least until every stream has had a reply.</item>
/// <item>The window lasts its duration, and at least two replies' time (the warm-up's median), so that it sees whole
/// cycles even when a reply takes longer than the duration.</item>
/// <item>It counts the replies that end in it (throughput, CPU per reply) and times those sent in it (first token,
/// coalescing); replies still running when it closes are read to their end, but nothing new starts.</item>
/// </list>
/// </summary>
internal static class InFlightLoad
{
    private static readonly TimeSpan PauseAfterError = TimeSpan.FromMilliseconds(100);

    // A load whose streams cannot all get a reply in this long is measured as it is.
    private static readonly TimeSpan LongestWarmup = TimeSpan.FromMinutes(3);

    public static async Task<LoadRun> RunAsync(
        int streams, SendReply send, TimeSpan warmup, TimeSpan duration, ProcessSampler? server, CancellationToken cancellationToken)
    {
        using var windowClosed = new CancellationTokenSource();
        var runStart = Stopwatch.GetTimestamp();
        var replies = new ConcurrentQueue<ReplyTrace>();
        var everyStreamReplied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var streamsReplied = 0;
        var workers = Enumerable.Range(0, streams).Select(stream => Task.Run(async () =>
        {
            await Task.Delay(warmup * stream / streams, cancellationToken);
            var first = true;
            while (!windowClosed.IsCancellationRequested)
            {
                var reply = await send(stream, cancellationToken);
                replies.Enqueue(reply);
                if (first && Interlocked.Increment(ref streamsReplied) == streams)
                {
                    everyStreamReplied.SetResult();
                }

                first = false;
                if (!reply.Succeeded)
                {
                    // A failing stream must not spin; the errors are counted, not hidden.
                    await Task.Delay(PauseAfterError, cancellationToken);
                }
            }
        }, cancellationToken)).ToArray();

        await Task.WhenAll(Task.Delay(warmup, cancellationToken), Task.WhenAny(everyStreamReplied.Task, Task.Delay(LongestWarmup, cancellationToken)));
        var window = Max(duration, 2 * Latency.Of(replies.Where(r => r.Succeeded).Select(r => r.Duration)).MedianMs);
        var before = WindowEdge.Read(server);
        var start = Stopwatch.GetTimestamp();
        await Task.Delay(window, cancellationToken);
        var after = WindowEdge.Read(server);
        var end = Stopwatch.GetTimestamp();
        await windowClosed.CancelAsync();
        await Task.WhenAll(workers);
        return new LoadRun([.. replies], runStart, start, end, Stopwatch.GetTimestamp(), before, after);
    }

    private static TimeSpan Max(TimeSpan duration, double milliseconds) =>
        double.IsFinite(milliseconds) && milliseconds > duration.TotalMilliseconds ? TimeSpan.FromMilliseconds(milliseconds) : duration;
}
