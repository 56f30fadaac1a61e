using Microsoft.Extensions.Configuration;

namespace KissChat.Jobs;

/// <summary>The <c>Jobs</c> configuration section.</summary>
internal sealed record JobsOptions(
    int Concurrency,
    TimeSpan KeepAlive,
    TimeSpan FlushInterval,
    TimeSpan Heartbeat,
    TimeSpan StaleAfter,
    TimeSpan SweepInterval,
    TimeSpan PollInterval,
    TimeSpan TokenFrameRetention)
{
    public static JobsOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Jobs");
        return new JobsOptions(
            Math.Max(1, section.GetValue("Concurrency", 5)),
            TimeSpan.FromSeconds(section.GetValue("KeepAliveSeconds", 15.0)),
            TimeSpan.FromMilliseconds(section.GetValue("FlushIntervalMs", 100.0)),
            TimeSpan.FromSeconds(section.GetValue("HeartbeatSeconds", 10.0)),
            TimeSpan.FromSeconds(section.GetValue("StaleAfterSeconds", 60.0)),
            TimeSpan.FromSeconds(section.GetValue("SweepIntervalSeconds", 30.0)),
            TimeSpan.FromMilliseconds(section.GetValue("PollIntervalMs", 500.0)),
            TimeSpan.FromHours(section.GetValue("TokenFrameRetentionHours", 24.0)));
    }
}

/// <summary>Names this process in the jobs it runs, so a stale job can be told from a live one.</summary>
internal sealed record InstanceId(string Value)
{
    public static InstanceId New() => new($"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
}
