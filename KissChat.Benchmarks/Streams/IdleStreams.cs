using System.Diagnostics;

namespace KissChat.Benchmarks.Streams;

/// <param name="Server">Which server held them: KissChat or the bare relay.</param>
/// <param name="StreamsPerUser">At most, for KissChat; the bare relay has no users.</param>
/// <param name="Held">Streams both the server's client and the model saw open when the memory was read.</param>
/// <param name="Health">The server's health probe while they were held.</param>
internal sealed record IdleFigures(
    string Server, int Streams, int? StreamsPerUser, int Held, ProcessSample Before, ProcessSample After, Latency Health, string? FirstError)
{
    /// <summary>Server memory per held stream: its client socket, its model socket (or HTTP/2 stream) and everything in between.</summary>
    public double KbPerStream => (After.RssBytes - Before.RssBytes) / 1024.0 / Held;
}

/// <summary>Opens one stream through the server and reads it until <paramref name="release"/>; <paramref name="processing"/> is completed when the server says it is generating.</summary>
internal delegate Task<ReplyTrace> HoldStream(TaskCompletionSource processing, CancellationToken release);

/// <summary>The server under the idle test: its name, its streams, its process and its health probe.</summary>
internal sealed record IdleServer(string Name, IReadOnlyList<HoldStream> Streams, int? StreamsPerUser, ProcessSampler Sampler, Action EnsureRunning, Uri Health);

/// <summary>
/// Streams held open through a server (KissChat, or the bare relay for the floor) while the model has not started
/// answering (a model still loading, or a long queue at the provider): what each costs the server in memory, and whether
/// it still answers its health probe.
/// </summary>
internal static class IdleStreams
{
    /// <summary>Opened first and left out of the figures: they take every code path a held stream takes, so JIT and pools are in the baseline.</summary>
    public const int WarmupStreams = 10;

    // Connections are opened a few at a time, as users arrive, not as one storm at the listen queue.
    private const int OpeningAtOnce = 64;
    private const int HealthProbes = 20;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <param name="server">Its streams: the warm-up ones first, then the measured ones.</param>
    /// <param name="hold">How long the streams stay held after they are measured, so that the server can be looked into.</param>
    public static async Task<IdleFigures> RunAsync(IdleServer server, TimeSpan hold, FakeModelProcess model, TextWriter progress, CancellationToken cancellationToken)
    {
        var streams = server.Streams;
        using var release = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var holds = new List<Task<string?>>();
        var processing = new List<Task>();
        using var opening = new SemaphoreSlim(OpeningAtOnce);
        try
        {
            Open(streams.Take(WarmupStreams), holds, processing, opening, release.Token);
            await WaitUntilHeldAsync(WarmupStreams, processing, server, model, progress, cancellationToken);
            await Task.Delay(Settle, cancellationToken);
            var before = server.Sampler.Sample();

            var measured = streams.Count - WarmupStreams;
            progress.WriteLine($"Holding {measured:N0} streams open through {server.Name} on a model that has not answered yet…");
            Open(streams.Skip(WarmupStreams), holds, processing, opening, release.Token);
            var held = await WaitUntilHeldAsync(streams.Count, processing, server, model, progress, cancellationToken) - WarmupStreams;
            await Task.Delay(Settle, cancellationToken);
            var after = server.Sampler.Sample();
            var health = await ProbeHealthAsync(server.Health, cancellationToken);
            var error = holds.Where(h => h.IsCompletedSuccessfully).Select(h => h.Result).FirstOrDefault(e => e is not null);
            if (hold > TimeSpan.Zero)
            {
                progress.WriteLine($"  measured; held {hold.TotalSeconds:0} s more, server pid {server.Sampler.ProcessId}");
                await Task.Delay(hold, cancellationToken);
            }

            return new IdleFigures(server.Name, measured, server.StreamsPerUser, held, before, after, health, error);
        }
        finally
        {
            await release.CancelAsync();
            await Task.WhenAll(holds);
        }
    }

    /// <summary>Starts holding each stream; <paramref name="processing"/> gets a task that completes when the server says it is generating.</summary>
    private static void Open(IEnumerable<HoldStream> streams, List<Task<string?>> holds, List<Task> processing, SemaphoreSlim opening, CancellationToken release)
    {
        foreach (var stream in streams)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            processing.Add(started.Task);
            holds.Add(HoldAsync(stream, started, opening, release));
        }
    }

    /// <summary>Holds one stream until released; answers the error if it ended before.</summary>
    private static async Task<string?> HoldAsync(HoldStream stream, TaskCompletionSource started, SemaphoreSlim opening, CancellationToken release)
    {
        try
        {
            await opening.WaitAsync(release);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        var reply = stream(started, release);
        // The next connection may open once this one is being generated, or is over.
        await Task.WhenAny(started.Task, reply);
        opening.Release();
        try
        {
            var trace = await reply;
            return trace.Error ?? "The reply ended while it should have been held open.";
        }
        catch (Exception) when (release.IsCancellationRequested)
        {
            // Released: cancelled, or cut while being cancelled.
            return null;
        }
    }

    /// <summary>
    /// Waits until <paramref name="count"/> streams got <c>processing</c> and the model holds as many requests:
    /// then both of the server's ends exist for each. Answers how many were held, which is fewer on a timeout.
    /// </summary>
    private static async Task<int> WaitUntilHeldAsync(
        int count, List<Task> processing, IdleServer server, FakeModelProcess model, TextWriter progress, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMinutes(2) + count * TimeSpan.FromMilliseconds(50);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            server.EnsureRunning();
            var generating = processing.Count(p => p.IsCompleted);
            var atModel = await model.OpenStreamsAsync(cancellationToken);
            var held = Math.Min(generating, atModel);
            if (held >= count)
            {
                return held;
            }

            if (clock.Elapsed > timeout)
            {
                progress.WriteLine($"  only {held:N0} of {count:N0} streams held after {timeout.TotalSeconds:0} s ({generating:N0} generating, {atModel:N0} at the model); measuring those");
                return held;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task<Latency> ProbeHealthAsync(Uri health, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var timings = new List<TimeSpan>();
        for (var probe = 0; probe < HealthProbes; probe++)
        {
            var sent = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(health, cancellationToken);
            response.EnsureSuccessStatusCode();
            timings.Add(Stopwatch.GetElapsedTime(sent));
            await Task.Delay(50, cancellationToken);
        }

        return Latency.Of(timings);
    }
}
