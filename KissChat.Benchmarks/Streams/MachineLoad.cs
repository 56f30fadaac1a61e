namespace KissChat.Benchmarks.Streams;

/// <summary>Linux's load averages (1, 5, 15 minutes): on a shared machine they say how far to trust the times.</summary>
internal static class MachineLoad
{
    public static string Read() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
