namespace KissChat.Benchmarks.Streams;

/// <summary>
/// Issue #9's measurement in one run: a fake model, a bare relay and KissChat each in a process of their own, this
/// process as the load client. Every load runs five times: straight against the model, through the bare relay (the
/// least any server relaying the stream costs) reading the model by hand, then through Microsoft.Extensions.AI, then
/// storing the reply as the issue requires (the floor with durability), and through KissChat, so that what KissChat adds
/// is the difference at the same load on the same machine at nearly the same moment, and what any relay adds is known beside it.
/// </summary>
internal static class StreamsBenchmark
{
    // Lets the previous run's tail (jobs finishing, batched writes) settle before the next is measured.
    private static readonly TimeSpan BetweenRuns = TimeSpan.FromSeconds(2);

    private const int WarmupStreams = 10;

    private static readonly TimeSpan ServerWarmup = TimeSpan.FromSeconds(20);

    // The relay's few methods reach their final tier within seconds.
    private static readonly TimeSpan RelayWarmup = TimeSpan.FromSeconds(10);
    private static readonly string[] RelayPaths = [BareRelay.RelayPath, BareRelay.LibraryRelayPath, BareRelay.DurableRelayPath];

    private static readonly TimeSpan QuietSpell = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan JitSettleRound = TimeSpan.FromSeconds(5);
    private const int JitSettleRounds = 12;
    private const double SettledJitShare = 0.01;

    // Long enough that no held stream starts streaming during the idle test, however long opening 10,000 takes.
    private static readonly TimeSpan ModelThatHasNotAnswered = TimeSpan.FromMinutes(30);

    public static async Task<int> RunAsync(StreamsOptions options, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        var loadAtStart = MachineLoad.Read();
        FileDescriptorLimit.Ensure((options.ModelHttp2 ? 1UL : 2UL) * (ulong)Math.Max(options.LoadStreams, options.Idle + IdleStreams.WarmupStreams) + 2048, progress);
        var dataDirectory = Directory.CreateTempSubdirectory("kisschat-streams-").FullName;
        try
        {
            var port = ChildProcess.FreePort();
            await using var model = await FakeModelProcess.StartAsync(
                "model", FakeModelOptions.OnFreePorts(options.Tokens, options.TokenDelay, TimeSpan.Zero), progress, cancellationToken);
            var (users, loads) = await MeasureLoadsAsync(options, dataDirectory, port, model, progress, cancellationToken);
            using (users)
            {
                var idle = options.Idle > 0 ? await MeasureIdleAsync(options, users, dataDirectory, port, progress, cancellationToken) : null;
                var replays = options.Replays > 0 ? await MeasureReplaysAsync(options, users, dataDirectory, port, progress, cancellationToken) : null;
                var database = await DatabaseDescription.ReadAsync(options.PostgresConnectionString, cancellationToken);
                new StreamsReport(options, database, loadAtStart, MachineLoad.Read()).Print(loads, idle, replays, output);
                return 0;
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>Signs the users up and runs every load against a server that is stopped afterwards; the users stay for the idle test.</summary>
    private static async Task<(LoadUsers Users, LoadResults Loads)> MeasureLoadsAsync(
        StreamsOptions options, string dataDirectory, int port, FakeModelProcess model, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var server = await KissChatServer.StartAsync(options, dataDirectory, port, model, options.LoadStreams, progress, cancellationToken);
        var users = await LoadUsers.SignUpAsync(server.BaseAddress, options.Users, progress, cancellationToken);
        try
        {
            return (users, await RunLoadsAsync(options, users, server, model, RelayStoreOf(options, dataDirectory), progress, cancellationToken));
        }
        catch
        {
            users.Dispose();
            throw;
        }
    }

    private static async Task<LoadResults> RunLoadsAsync(
        StreamsOptions options, LoadUsers users, KissChatServer server, FakeModelProcess model, string relayStore, TextWriter progress, CancellationToken cancellationToken)
    {
        using var direct = new DirectModel(model.BaseAddress);
        await using var relay = await BareRelayProcess.StartAsync(model, options.ModelHttp2, relayStore, progress, cancellationToken);
        await WarmUpAsync(options, users, server, direct, relay, progress, cancellationToken);
        var quietCpu = await QuietCpuAsync(server.Sampler, cancellationToken);
        var results = new List<LoadComparison>();
        foreach (var streams in options.InFlight)
        {
            var seats = await users.SeatsAsync(streams, cancellationToken);
            var load = streams == 1 ? "1 stream in flight" : $"{streams:N0} streams in flight";
            results.Add(await CompareAsync(load, atOnce: false, progress, (send, sampler) =>
                InFlightLoad.RunAsync(streams, send, options.Warmup, options.Duration, sampler, cancellationToken), direct, relay, seats, server, cancellationToken));
        }

        foreach (var streams in options.AtOnce)
        {
            var seats = await users.SeatsAsync(streams, cancellationToken);
            results.Add(await CompareAsync($"{streams:N0} started at once", atOnce: true, progress, (send, sampler) =>
                AtOnceLoad.RunAsync(streams, send, sampler, cancellationToken), direct, relay, seats, server, cancellationToken));
        }

        return new LoadResults(results, quietCpu, server.Settings);
    }

    /// <summary>The durable relay stores in the database KissChat runs on: the same PostgreSQL, or a SQLite file beside KissChat's.</summary>
    private static string RelayStoreOf(StreamsOptions options, string dataDirectory) =>
        options.OnPostgres ? $"postgres:{options.PostgresConnectionString}" : $"sqlite:{Path.Combine(dataDirectory, "bare-relay.db")}";

    /// <summary>
    /// What the server spends with nothing to do (timers, pollers, sweeps), in % of one core: at light loads it is
    /// a large part of the CPU per reply.
    /// </summary>
    private static async Task<double> QuietCpuAsync(ProcessSampler server, CancellationToken cancellationToken)
    {
        var before = server.Sample();
        await Task.Delay(QuietSpell, cancellationToken);
        return (server.Sample().Cpu - before.Cpu) / QuietSpell * 100;
    }

    /// <summary>
    /// The first replies pay for JIT compilation (and, for seconds after, for recompiling the hot code), connection
    /// pools and query compilation: a few streams through both paths first keep that out of the first load's figures,
    /// and go on until the server's tiered compilation has settled (it used most of the CPU of the first light load).
    /// </summary>
    private static async Task WarmUpAsync(
        StreamsOptions options, LoadUsers users, KissChatServer server, DirectModel direct, BareRelayProcess relay, TextWriter progress, CancellationToken cancellationToken)
    {
        var streams = Math.Min(WarmupStreams, users.Count);
        progress.WriteLine($"Warming up: {streams} streams, {options.Warmup.TotalSeconds:0} s directly, {RelayWarmup.TotalSeconds:0} s through each bare relay and {ServerWarmup.TotalSeconds:0} s through KissChat…");
        var seats = await users.SeatsAsync(streams, cancellationToken);
        await InFlightLoad.RunAsync(streams, (_, ct) => direct.ReplyAsync(ct), options.Warmup, TimeSpan.Zero, null, cancellationToken);
        foreach (var path in RelayPaths)
        {
            await InFlightLoad.RunAsync(streams, (_, ct) => relay.ReplyAsync(path, null, ct), RelayWarmup, TimeSpan.Zero, null, cancellationToken);
        }

        await InFlightLoad.RunAsync(streams, (stream, ct) => seats[stream].ReplyAsync(null, ct), ServerWarmup, TimeSpan.Zero, null, cancellationToken);
        for (var round = 0; round < JitSettleRounds; round++)
        {
            var jitBefore = server.Sampler.JitCpu();
            await InFlightLoad.RunAsync(streams, (stream, ct) => seats[stream].ReplyAsync(null, ct), JitSettleRound, TimeSpan.Zero, null, cancellationToken);
            var jitShare = (server.Sampler.JitCpu() - jitBefore) / JitSettleRound;
            progress.WriteLine($"  tiered compilation used {jitShare:P1} of a core in the last {JitSettleRound.TotalSeconds:0} s");
            if (jitShare < SettledJitShare)
            {
                break;
            }
        }

        await Task.Delay(BetweenRuns, cancellationToken);
    }

    private static async Task<LoadComparison> CompareAsync(
        string load, bool atOnce, TextWriter progress, Func<SendReply, ProcessSampler?, Task<LoadRun>> run,
        DirectModel direct, BareRelayProcess relay, ChatSeat[] seats, KissChatServer server, CancellationToken cancellationToken)
    {
        progress.WriteLine($"{load}: the model directly…");
        var straight = LoadFigures.Of(await run((_, ct) => direct.ReplyAsync(ct), null));
        Summarize(progress, straight);
        await Task.Delay(BetweenRuns, cancellationToken);

        var relayed = await RelayAsync(load, relay, BareRelay.RelayPath, run, progress, cancellationToken);
        var relayedThroughLibrary = await RelayAsync(load, relay, BareRelay.LibraryRelayPath, run, progress, cancellationToken);
        var relayedDurably = await RelayAsync(load, relay, BareRelay.DurableRelayPath, run, progress, cancellationToken);

        progress.WriteLine($"{load}: through KissChat…");
        var jitBefore = server.Sampler.JitCpu();
        var through = LoadFigures.Of(await run((stream, ct) => seats[stream].ReplyAsync(null, ct), server.Sampler));
        server.EnsureRunning();
        Summarize(progress, through);
        progress.WriteLine($"  the server's tiered compilation used {(server.Sampler.JitCpu() - jitBefore).TotalMilliseconds:N0} ms of CPU meanwhile");
        await Task.Delay(BetweenRuns, cancellationToken);
        return new LoadComparison(load, atOnce, straight, relayed, relayedThroughLibrary, relayedDurably, through);
    }

    private static async Task<LoadFigures> RelayAsync(
        string load, BareRelayProcess relay, string path, Func<SendReply, ProcessSampler?, Task<LoadRun>> run, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine($"{load}: through the bare relay{path switch { BareRelay.LibraryRelayPath => " reading the model with Microsoft.Extensions.AI", BareRelay.DurableRelayPath => " with Microsoft.Extensions.AI, storing the reply", _ => "" }}…");
        var figures = LoadFigures.Of(await run((_, ct) => relay.ReplyAsync(path, null, ct), relay.Sampler));
        relay.EnsureRunning();
        Summarize(progress, figures);
        await Task.Delay(BetweenRuns, cancellationToken);
        return figures;
    }

    /// <summary>
    /// A fresh server (its memory not grown by the loads before) on the same data and port, so the users'
    /// sessions still hold, in front of a model that takes its time before the first token; then a fresh bare relay
    /// in front of the same model, for what holding a stream costs with nothing but its two sockets.
    /// </summary>
    private static async Task<IReadOnlyList<IdleFigures>> MeasureIdleAsync(
        StreamsOptions options, LoadUsers users, string dataDirectory, int port, TextWriter progress, CancellationToken cancellationToken)
    {
        var streams = options.Idle + IdleStreams.WarmupStreams;
        await using var model = await FakeModelProcess.StartAsync(
            "slow model", FakeModelOptions.OnFreePorts(options.Tokens, options.TokenDelay, ModelThatHasNotAnswered), progress, cancellationToken);
        IdleFigures throughKissChat;
        await using (var server = await KissChatServer.StartAsync(options, dataDirectory, port, model, streams, progress, cancellationToken))
        {
            progress.WriteLine($"Idle streams: opening {streams:N0} chats…");
            var seats = await users.SeatsAsync(streams, cancellationToken);
            throughKissChat = await HoldIdleAsync(
                new IdleServer(
                    "KissChat",
                    [.. seats.Select(seat => (HoldStream)seat.ReplyAsync)],
                    (streams + users.Count - 1) / users.Count,
                    server.Sampler,
                    server.EnsureRunning,
                    new Uri(server.BaseAddress, "/health/live")),
                options.IdleHold,
                model,
                progress,
                cancellationToken);
        }

        await using var relay = await BareRelayProcess.StartAsync(model, options.ModelHttp2, store: null, progress, cancellationToken);
        var throughRelay = await HoldIdleAsync(
            new IdleServer(
                "the bare relay",
                [.. Enumerable.Repeat<HoldStream>((processing, release) => relay.ReplyAsync(BareRelay.RelayPath, processing, release), streams)],
                null,
                relay.Sampler,
                relay.EnsureRunning,
                relay.Health),
            options.IdleHold,
            model,
            progress,
            cancellationToken);
        return [throughKissChat, throughRelay];
    }

    private static async Task<IdleFigures> HoldIdleAsync(
        IdleServer server, TimeSpan hold, FakeModelProcess model, TextWriter progress, CancellationToken cancellationToken)
    {
        var figures = await IdleStreams.RunAsync(server, hold, model, progress, cancellationToken);
        progress.WriteLine($"  {figures.Held:N0} held, {figures.KbPerStream:F1} KB each, health p50 {figures.Health.MedianMs:F1} ms");
        return figures;
    }

    /// <summary>A fresh server, as for idle streams, in front of a model that answers the long replies at once.</summary>
    private static async Task<ReplayFigures> MeasureReplaysAsync(
        StreamsOptions options, LoadUsers users, string dataDirectory, int port, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var model = await FakeModelProcess.StartAsync(
            "long-reply model", FakeModelOptions.OnFreePorts(options.ReplayTokens, TimeSpan.Zero, TimeSpan.Zero), progress, cancellationToken);
        await using var server = await KissChatServer.StartAsync(options, dataDirectory, port, model, ReplayBurst.Sources, progress, cancellationToken);
        var seats = await users.SeatsAsync(Math.Min(ReplayBurst.Sources, users.Count), cancellationToken);
        var figures = await ReplayBurst.RunAsync(seats, options.Replays, options.ReplayTokens, server, progress, cancellationToken);
        progress.WriteLine($"  {figures.Completed:N0} of {figures.Streams:N0} complete, peak {figures.PeakKbPerStream:F1} KB each, {figures.RetainedMb:F1} MB kept after");
        return figures;
    }

    private static void Summarize(TextWriter progress, LoadFigures figures) =>
        progress.WriteLine(
            $"  {figures.Replies:N0} replies ({figures.RepliesPerSecond:F1}/s), first token p50 {figures.FirstToken.MedianMs:F1} ms, " +
            $"coalesced {figures.CoalescedShare:P0}, errors {figures.Errors}{(figures.FirstError is { } e ? $" (first: {e})" : "")}; " +
            $"warm-up {figures.Warmup.TotalSeconds:F1} s, window {figures.Window.TotalSeconds:F1} s, drain {figures.Drain.TotalSeconds:F1} s");
}
