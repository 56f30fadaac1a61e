using System.Globalization;
using System.Runtime.InteropServices;

namespace KissChat.Benchmarks.Streams;

/// <summary>Prints the streams scenario as Markdown: on what it ran, issue #9's table, the raw figures behind it, idle streams.</summary>
internal sealed class StreamsReport(StreamsOptions options, string database, string loadAtStart, string loadAtEnd)
{
    public void Print(LoadResults results, IReadOnlyList<IdleFigures>? idle, ReplayFigures? replays, TextWriter output)
    {
        var loads = results.Comparisons;
        output.WriteLine();
        output.WriteLine("## KissChat streams benchmark");
        output.WriteLine();
        output.WriteLine($"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}{Report.BuildNote}; load average (1 / 5 / 15 min) {loadAtStart} at the start, {loadAtEnd} at the end");
        output.WriteLine($"- Server: {(options.ServerDll is { } dll ? $"`dotnet {dll}`" : "this build's KissChat.Web.dll (server GC, as deployed)")}, in its own process; its CPU time and memory are read from /proc, the load client's are not in them");
        output.WriteLine($"- Database: {database}");
        output.WriteLine($"- Model: a fake OpenAI-compatible server in its own process, {options.ModelShape}");
        output.WriteLine($"- Settings: Jobs:Concurrency={results.ServerSettings["Jobs:Concurrency"]} (idle test: the number of streams held), rate limits lifted{Overrides}");
        output.WriteLine($"- Server CPU with no load: {Figure(results.QuietCpuPercent, "F1")}% of one core (part of every CPU per reply below, a large one at light load)");
        output.WriteLine($"- Load: one user and chat per stream, made before anything is timed; in flight: the streams start spread over a warm-up of {options.Warmup.TotalSeconds:0} s that lasts until every stream has had a reply, then {options.Duration.TotalSeconds:0} s (at least two replies' time) are measured");
        output.WriteLine();
        PrintSummary("What KissChat adds to the model's own streaming", loads, l => l.KissChat, options.OnPostgres, output);
        output.WriteLine();
        PrintSummary("What a bare relay adds (the floor: no sign-in, database, job or prompt; the model read by hand)", loads, l => l.Relay, options.OnPostgres, output);
        output.WriteLine();
        PrintSummary("The same bare relay reading the model through Microsoft.Extensions.AI's OpenAI client, as KissChat does", loads, l => l.LibraryRelay, options.OnPostgres, output);
        output.WriteLine();
        PrintSummary(
            "That relay storing what a reply must (the floor with durability: the user's message and the job in one transaction before the model is asked, " +
            "the reply with the job's end in another; plain ADO.NET, same database)",
            loads,
            l => l.DurableRelay,
            options.OnPostgres,
            output);
        output.WriteLine();
        output.WriteLine("Added first token: time from sending to the first token frame through KissChat (or a bare relay), minus the same straight from the model at the same load and percentile.");
        output.WriteLine(
            "Coalesced: token frames that reached the client less than 1 ms after the previous one of their reply (the model sends them apart), " +
            "of all token frames but each reply's first; in parentheses straight from the model, which is what the busy client itself causes.");
        output.WriteLine(
            "Machine busy: of both cores' time in the window, the share not idle (the server, the database, the model and the client together; direct: the model and the client alone). " +
            "PostgreSQL CPU: of its processes on this machine (none elsewhere are seen), per reply that ended in the window: the durable relay's and KissChat's statements, not the bare relays'.");
        output.WriteLine();
        PrintDetails(loads, output);
        if (idle is not null)
        {
            output.WriteLine();
            PrintIdle(idle, output);
        }

        if (replays is not null)
        {
            output.WriteLine();
            PrintReplays(replays, output);
        }

        foreach (var (load, figures, target) in loads.SelectMany(l => new[] { (l.Load, l.Direct, "directly"), (l.Load, l.Relay, "through the bare relay"), (l.Load, l.LibraryRelay, "through the bare relay with Microsoft.Extensions.AI"), (l.Load, l.DurableRelay, "through the durable relay"), (l.Load, l.KissChat, "through KissChat") }))
        {
            if (figures.FirstError is { } error)
            {
                output.WriteLine();
                output.WriteLine($"{load}, {target}: {figures.Errors} replies failed; the first: {error}");
            }
        }
    }

    /// <param name="database">Whether the database is PostgreSQL, whose processes' CPU is read when they run on this machine.</param>
    private static void PrintSummary(
        string title, IReadOnlyList<LoadComparison> loads, Func<LoadComparison, LoadFigures> measured, bool database, TextWriter output)
    {
        output.WriteLine($"### {title}");
        output.WriteLine();
        string[] columns = ["Load", "Added first token p50 / p99 ms", "Throughput against direct", "Coalesced token frames (direct)", "Server CPU ms per reply", "Machine busy (direct)"];
        var table = new MarkdownTable(database ? [.. columns, "PostgreSQL CPU ms per reply"] : columns);
        foreach (var load in loads)
        {
            var (direct, through) = (load.Direct, measured(load));
            var throughput = load.AtOnce
                ? $"batch {Seconds(through.Window)} s vs {Seconds(direct.Window)} s ({Figure(through.Window / direct.Window, "F2")}x)"
                : $"{Figure(through.RepliesPerSecond, "F1")} vs {Figure(direct.RepliesPerSecond, "F1")} replies/s ({Percent(through.RepliesPerSecond / direct.RepliesPerSecond)})";
            string[] cells =
            [
                load.Load,
                $"{Figure(through.FirstToken.MedianMs - direct.FirstToken.MedianMs, "F1")} / {Figure(through.FirstToken.P99Ms - direct.FirstToken.P99Ms, "F1")}",
                throughput,
                $"{Percent(through.CoalescedShare)} ({Percent(direct.CoalescedShare)})",
                Figure(through.CpuMsPerReply, "F1"),
                $"{Percent(through.MachineBusyShare)} ({Percent(direct.MachineBusyShare)})",
            ];
            table.Add(database ? [.. cells, Figure(through.DatabaseCpuMsPerReply, "F1")] : cells);
        }

        table.Print(output);
    }

    private static void PrintDetails(IReadOnlyList<LoadComparison> loads, TextWriter output)
    {
        output.WriteLine("### Raw figures");
        output.WriteLine();
        var table = new MarkdownTable(
            "Load", "To", "Replies", "Errors", "First token p50 / p99 ms", "Reply p50 / p99 ms", "Replies/s", "Coalesced", "Server CPU %", "Server threads", "Server RSS MB");
        foreach (var load in loads)
        {
            foreach (var (target, figures) in new[] { ("model", load.Direct), ("bare relay", load.Relay), ("relay + M.E.AI", load.LibraryRelay), ("durable relay", load.DurableRelay), ("KissChat", load.KissChat) })
            {
                table.Add(
                    load.Load,
                    target,
                    Count(figures.Replies),
                    Count(figures.Errors),
                    $"{Figure(figures.FirstToken.MedianMs, "F1")} / {Figure(figures.FirstToken.P99Ms, "F1")}",
                    $"{Figure(figures.Reply.MedianMs, "F0")} / {Figure(figures.Reply.P99Ms, "F0")}",
                    Figure(figures.RepliesPerSecond, "F1"),
                    Percent(figures.CoalescedShare),
                    Figure(figures.CpuPercent, "F0"),
                    figures.Server is { } server ? Count(server.Threads) : "–",
                    Figure(figures.Server?.RssBytes / 1024.0 / 1024.0, "F0"));
            }
        }

        table.Print(output);
        output.WriteLine();
        output.WriteLine("Replies: ended inside the measured window (the whole batch for loads started at once). Server CPU % (the relay's or KissChat's): of one core, over the window. Threads and RSS: at the window's end.");
    }

    private static void PrintIdle(IReadOnlyList<IdleFigures> idle, TextWriter output)
    {
        output.WriteLine("### Idle open streams (the model has not sent its first token)");
        output.WriteLine();
        var table = new MarkdownTable(
            "Server", "Streams", "Per user (at most)", "Held", "Server RSS before / after MB", "Memory per stream KB", "Health p50 / p99 ms", "Server threads");
        foreach (var server in idle)
        {
            table.Add(
                server.Server,
                Count(server.Streams),
                server.StreamsPerUser is { } perUser ? Count(perUser) : "–",
                Count(server.Held),
                $"{Figure(server.Before.RssBytes / 1024.0 / 1024.0, "F0")} / {Figure(server.After.RssBytes / 1024.0 / 1024.0, "F0")}",
                Figure(server.KbPerStream, "F1"),
                $"{Figure(server.Health.MedianMs, "F1")} / {Figure(server.Health.P99Ms, "F1")}",
                Count(server.After.Threads));
        }

        table.Print(output);
        output.WriteLine();
        output.WriteLine(
            $"Held: streams that got `processing` while the model held their request, so the server had both its ends open (the browser's socket, and the model's socket or, with --model-http2, its stream on a shared connection). " +
            $"Memory per stream: the server's resident memory grown from before opening them (after {IdleStreams.WarmupStreams} warm-up streams) to after, per stream held. " +
            "Health: KissChat's `/health/live`, the relay's `/health`. The bare relay is a fresh process, as KissChat's server is, in front of the same model.");
        foreach (var server in idle.Where(s => s.FirstError is not null))
        {
            output.WriteLine();
            output.WriteLine($"Some streams held through {server.Server} ended early; the first: {server.FirstError}");
        }
    }

    private static void PrintReplays(ReplayFigures replays, TextWriter output)
    {
        output.WriteLine("### Replays of finished replies, all at once (from the first frame)");
        output.WriteLine();
        var table = new MarkdownTable("Streams", "Tokens each", "Complete", "Time s", "Server RSS before / peak / after MB", "Peak memory per stream KB", "Kept after MB");
        table.Add(
            Count(replays.Streams),
            Count(replays.Tokens),
            Count(replays.Completed),
            Seconds(replays.Duration),
            $"{Figure(replays.Before.RssBytes / 1024.0 / 1024.0, "F0")} / {Figure(replays.PeakRssBytes / 1024.0 / 1024.0, "F0")} / {Figure(replays.After.RssBytes / 1024.0 / 1024.0, "F0")}",
            Figure(replays.PeakKbPerStream, "F1"),
            Figure(replays.RetainedMb, "F1"));
        table.Print(output);
        output.WriteLine();
        output.WriteLine("Peak memory per stream: the server's largest resident memory during the burst (sampled every 50 ms) over its memory before, per replay. Kept after: 5 s after the last replay ended.");
        if (replays.FirstError is { } error)
        {
            output.WriteLine();
            output.WriteLine($"Some replays did not come back whole; the first: {error}");
        }
    }

    private string Overrides =>
        options.ServerSettings.Count == 0 ? "" : "; " + string.Join(", ", options.ServerSettings.Select(s => $"{s.Key}={s.Value}"));

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);

    private static string Figure(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Percent(double share) => Figure(share * 100, "F0") + (double.IsFinite(share) ? "%" : "");
}
