using System.Diagnostics;
using System.Globalization;

namespace KissChat.Benchmarks.Streams;

/// <summary>One reading of a process's counters: CPU time used since it started, resident memory, threads.</summary>
internal sealed record ProcessSample(TimeSpan Cpu, long RssBytes, int Threads);

/// <summary>
/// Reads a child process's counters from Linux's /proc (CPU time is utime + stime of /proc/PID/stat, which
/// <see cref="Process.TotalProcessorTime"/> converts from clock ticks; memory and threads come from
/// /proc/PID/status), so that the server's cost is measured without the load client's.
/// </summary>
internal sealed class ProcessSampler(int processId)
{
    private readonly Dictionary<string, long> jitTicks = [];

    public int ProcessId => processId;

    public ProcessSample Sample()
    {
        using var process = Process.GetProcessById(processId);
        var status = File.ReadAllLines($"/proc/{processId}/status");
        return new ProcessSample(process.TotalProcessorTime, Field(status, "VmRSS") * 1024, (int)Field(status, "Threads"));
    }

    /// <summary>
    /// CPU time of the runtime's tiered-compilation threads (named ".NET Tiered Com" in /proc/PID/task/TID/comm) so
    /// far: while they still work, the server is recompiling its hot code and every reply looks dearer than it will be.
    /// The runtime ends that thread when it is idle and starts another later, so each one's last reading is kept.
    /// </summary>
    public TimeSpan JitCpu()
    {
        foreach (var task in Directory.EnumerateDirectories($"/proc/{processId}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered", StringComparison.Ordinal))
                {
                    jitTicks[Path.GetFileName(task)] = ProcStat.CpuTicks(File.ReadAllText(Path.Combine(task, "stat")));
                }
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return ProcStat.Time(jitTicks.Values.Sum());
    }

    /// <summary>A number from a <c>Name:   123 kB</c> line of /proc/PID/status.</summary>
    private static long Field(string[] status, string name)
    {
        var line = status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
