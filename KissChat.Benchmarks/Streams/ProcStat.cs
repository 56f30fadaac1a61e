using System.Globalization;

namespace KissChat.Benchmarks.Streams;

/// <summary>Linux's <c>/proc/…/stat</c> lines of processes and threads, and its clock ticks.</summary>
internal static class ProcStat
{
    // USER_HZ: 100 on every Linux the benchmark runs on.
    private const double ClockTicksPerSecond = 100;

    /// <summary>The name in parentheses that a stat line begins with (after the id), as <c>comm</c> has it.</summary>
    public static ReadOnlySpan<char> Name(string stat)
    {
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        return stat.AsSpan(open + 1, stat.LastIndexOf(')') - open - 1);
    }

    /// <summary>The CPU time used so far: fields 14 and 15 (utime, stime), counted after the ')' that ends the name.</summary>
    public static long CpuTicks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    public static TimeSpan Time(long ticks) => TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
}
