using System.Globalization;

namespace KissChat.Benchmarks;

/// <summary>The columns a table of measured turns ends with: how many, then first token and <c>[DONE]</c>, p50 and p95.</summary>
internal static class TurnColumns
{
    public static readonly string[] Headers = ["Turns", "First token p50 (ms)", "p95 (ms)", "Done p50 (ms)", "p95 (ms)"];

    public static string[] Of(IReadOnlyCollection<TurnTiming> timings)
    {
        var first = Latency.Of(timings.Select(t => t.FirstToken));
        var done = Latency.Of(timings.Select(t => t.Done));
        return [timings.Count.ToString(CultureInfo.InvariantCulture), Ms(first.MedianMs), Ms(first.P95Ms), Ms(done.MedianMs), Ms(done.P95Ms)];
    }

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
