namespace KissChat.Benchmarks;

/// <summary>Median, 95th and 99th percentile (nearest rank) of a set of timings, in milliseconds.</summary>
internal sealed record Latency(double MedianMs, double P95Ms, double P99Ms)
{
    public static Latency Of(IEnumerable<TimeSpan> timings)
    {
        var sorted = timings.Select(t => t.TotalMilliseconds).Order().ToArray();
        return sorted.Length == 0
            ? new Latency(double.NaN, double.NaN, double.NaN)
            : new Latency(Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99));
    }

    private static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
