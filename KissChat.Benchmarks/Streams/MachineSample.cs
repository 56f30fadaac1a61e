using System.Globalization;

namespace KissChat.Benchmarks.Streams;

/// <summary>
/// One reading of the whole machine's CPU counters: how much of all cores' time was busy so far, and how much CPU the
/// PostgreSQL processes running here used, if any run here.
/// </summary>
/// <param name="Busy">Time all cores spent on anything but idling and waiting for the disk, since boot.</param>
/// <param name="All">All cores' time since boot.</param>
/// <param name="Database">CPU time of the processes named <c>postgres</c> (its backends and helpers) that are alive now; null when there are none.</param>
internal sealed record MachineSample(TimeSpan Busy, TimeSpan All, TimeSpan? Database)
{
    /// <summary>The machine now; null where there is no /proc/stat to read.</summary>
    public static MachineSample? Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        // cpu  user nice system idle iowait irq softirq steal …
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..9]
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var waiting = ticks[3] + ticks[4];
        var all = ticks.Sum();
        return new MachineSample(ProcStat.Time(all - waiting), ProcStat.Time(all), DatabaseCpu());
    }

    /// <summary>
    /// Summed over the processes alive at the reading: a backend that ends between two readings takes its time with it, which
    /// KissChat's pooled connections and the durable relay's do not do while a load runs.
    /// </summary>
    private static TimeSpan? DatabaseCpu()
    {
        long ticks = 0;
        var found = false;
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(Path.GetFileName(process)[0]))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(process, "stat"));
                if (ProcStat.Name(stat) is "postgres")
                {
                    ticks += ProcStat.CpuTicks(stat);
                    found = true;
                }
            }
            catch (IOException)
            {
                // The process ended between listing and reading.
            }
        }

        return found ? ProcStat.Time(ticks) : null;
    }
}
