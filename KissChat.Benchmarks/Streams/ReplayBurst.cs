namespace KissChat.Benchmarks.Streams;

/// <param name="Completed">Replays that read every token and <c>[DONE]</c>.</param>
/// <param name="PeakRssBytes">The server's largest resident memory while the replays ran (sampled every 50 ms).</param>
/// <param name="After">The server a few seconds after the last replay ended.</param>
internal sealed record ReplayFigures(int Streams, int Tokens, int Completed, ProcessSample Before, long PeakRssBytes, ProcessSample After, TimeSpan Duration, string? FirstError)
{
    /// <summary>What a replaying stream costs the server at most: the peak's growth over the baseline, per stream.</summary>
    public double PeakKbPerStream => (PeakRssBytes - Before.RssBytes) / 1024.0 / Streams;

    /// <summary>What the server still held after they left.</summary>
    public double RetainedMb => (After.RssBytes - Before.RssBytes) / 1024.0 / 1024.0;
}

/// <summary>
/// Issue #10's replay burst: many streams replay a finished long reply from its first frame, all at the same moment.
/// A replay reads the stored reply and writes it as the socket takes it, so the server's memory must grow by a bounded
/// amount per stream and come back once they left. The streams share a few replies (each stream reads and writes its
/// own copy, as it would of a reply of its own): generating hundreds of long replies first would only add set-up time.
/// </summary>
internal static class ReplayBurst
{
    /// <summary>Seats (users and chats) whose replies the streams replay.</summary>
    public const int Sources = 10;

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static async Task<ReplayFigures> RunAsync(
        ChatSeat[] seats, int streams, int tokens, KissChatServer server, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine($"Replays: {seats.Length:N0} replies of {tokens:N0} tokens generated, with nobody reading them…");
        var jobs = await Task.WhenAll(seats.Select(seat => seat.StartReplyAsync(cancellationToken)));
        await WaitUntilEndedAsync(seats, jobs, server, cancellationToken);
        await Task.Delay(Settle, cancellationToken);
        var before = server.Sampler.Sample();

        progress.WriteLine($"Replaying them in {streams:N0} streams at once…");
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var peak = SamplePeakAsync(server.Sampler, before.RssBytes, sampling.Token);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var replays = await Task.WhenAll(Enumerable.Range(0, streams).Select(i => seats[i % seats.Length].ReplayAsync(jobs[i % seats.Length], cancellationToken)));
        var duration = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        await sampling.CancelAsync();
        var peakRss = await peak;

        await Task.Delay(Settle, cancellationToken);
        var after = server.Sampler.Sample();
        var completed = replays.Count(r => r.Succeeded && r.Tokens == tokens);
        var error = replays.FirstOrDefault(r => !r.Succeeded).Error
            ?? replays.Where(r => r.Tokens != tokens).Select(r => $"a replay had {r.Tokens} tokens of {tokens}").FirstOrDefault();
        return new ReplayFigures(streams, tokens, completed, before, peakRss, after, duration, error);
    }

    private static async Task WaitUntilEndedAsync(ChatSeat[] seats, Guid[] jobs, KissChatServer server, CancellationToken cancellationToken)
    {
        for (var i = 0; i < seats.Length; i++)
        {
            while (!await seats[i].HasEndedAsync(jobs[i], cancellationToken))
            {
                server.EnsureRunning();
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static async Task<long> SamplePeakAsync(ProcessSampler sampler, long start, CancellationToken stop)
    {
        var peak = start;
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, sampler.Sample().RssBytes);
            await Task.Delay(50, CancellationToken.None);
        }

        return peak;
    }
}
