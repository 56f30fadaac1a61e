using KissChat.Inference.Contracts;
using System.Globalization;
using System.Runtime.InteropServices;
using KissChat.Chats;
using KissChat.Kernel.Database;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Benchmarks;

/// <summary>Prints the figures as Markdown: what was measured, on what, and the three tables.</summary>
internal static class Report
{
    public static async Task PrintAsync(BenchmarkServer server, IReadOnlyList<ChatLengthResult> lengths, IReadOnlyList<ConcurrencyResult> concurrency, TextWriter output)
    {
        var inference = server.Services.GetRequiredService<InferenceOptions>();
        var chats = server.Services.GetRequiredService<ChatsOptions>();
        output.WriteLine();
        output.WriteLine("## KissChat benchmark");
        output.WriteLine();
        output.WriteLine($"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}{BuildNote}");
        output.WriteLine($"- Database: {await server.DescribeDatabaseAsync()}");
        output.WriteLine("- Model: the built-in offline demo (AI_PROVIDER=demo, Inference:DemoWordDelayMs=0), so the times are KissChat's own");
        output.WriteLine($"- Settings: Chats:HistoryLoadLimit={chats.HistoryLoadLimit}, Inference:ContextBudgetTokens={inference.ContextBudgetTokens}, Jobs:Concurrency={server.JobsConcurrency}");
        output.WriteLine();

        output.WriteLine("### Turn latency by chat length (one user, turns one after another)");
        output.WriteLine();
        var latency = new MarkdownTable("Messages in chat", "Turns", "First token median ms", "First token p95 ms", "[DONE] median ms", "[DONE] p95 ms", "SSE KB per turn");
        foreach (var r in lengths)
        {
            latency.Add(Count(r.SeededMessages), Count(r.Turns), Ms(r.FirstToken.MedianMs), Ms(r.FirstToken.P95Ms), Ms(r.Done.MedianMs), Ms(r.Done.P95Ms), Kb(r.BytesReceivedPerTurn));
        }

        latency.Print(output);
        output.WriteLine();

        output.WriteLine("### Writes per turn by chat length");
        output.WriteLine();
        var diskLabel = server.Database == DatabaseProvider.Postgres ? "WAL KB per turn" : "File writes KB per turn";
        var writes = new MarkdownTable("Messages in chat", "Rows", "Messages", "Swipes", "Jobs", "Frames (job_events)", "Stored text KB", diskLabel);
        foreach (var r in lengths)
        {
            var w = r.Written;
            double PerTurn(long value) => (double)value / r.Turns;
            writes.Add(
                Count(r.SeededMessages), Rows(PerTurn(w.Rows)), Rows(PerTurn(w.Messages)), Rows(PerTurn(w.Swipes)), Rows(PerTurn(w.Jobs)), Rows(PerTurn(w.JobEvents)),
                Kb(PerTurn(w.StoredTextBytes)), w.DiskBytes is { } disk ? Kb(PerTurn(disk)) : "n/a");
        }

        writes.Print(output);
        output.WriteLine();
        output.WriteLine(server.Database == DatabaseProvider.Postgres
            ? "WAL KB: PostgreSQL's write-ahead log generated during the turns (the whole server's)."
            : "File writes KB: bytes the process wrote to the SQLite database and its WAL, the checkpoint included.");
        output.WriteLine();

        output.WriteLine("### Many users at once");
        output.WriteLine();
        var load = new MarkdownTable("Pattern", "Replies", "Jobs:Concurrency", "Wall s", "Replies/s", "First token median ms", "First token p95 ms", "[DONE] median ms", "[DONE] p95 ms");
        foreach (var c in concurrency)
        {
            load.Add(
                c.Pattern, Count(c.Replies), Count(c.JobsConcurrency), c.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                c.RepliesPerSecond.ToString("F1", CultureInfo.InvariantCulture), Ms(c.FirstToken.MedianMs), Ms(c.FirstToken.P95Ms), Ms(c.Done.MedianMs), Ms(c.Done.P95Ms));
        }

        load.Print(output);
    }

#if DEBUG
    internal const string BuildNote = " (Debug build: run with -c Release for real figures)";
#else
    internal const string BuildNote = "";
#endif

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rows(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string Kb(double bytes) => (bytes / 1024).ToString("F1", CultureInfo.InvariantCulture);
}
