using System.Security.Cryptography;
using KissChat.Kernel.Configuration;
using Microsoft.Extensions.Configuration;

namespace KissChat.Jobs;

/// <summary>The <c>Jobs</c> configuration section.</summary>
/// <param name="Concurrency">Interactive jobs (replies) run at once on this instance; more wait their turn in memory.</param>
/// <param name="BackgroundConcurrency">Background jobs (memory summaries) run at once on this instance, beside those.</param>
/// <param name="KeepAlive">Quiet time after which a stream gets a <c>: keep-alive</c> comment.</param>
/// <param name="CheckpointInterval">How often a running job's text is saved (whole seconds).</param>
/// <param name="SweepInterval">How often jobs of instances that died are looked for (whole seconds).</param>
/// <param name="PollInterval">How often a stream of a job running elsewhere looks again without a notification.</param>
/// <param name="ReplayRetention">How long a finished job keeps its text for replaying its token frames.</param>
/// <param name="ShutdownDrain">How long running jobs may take to finish when the server is asked to stop.</param>
internal sealed record JobsOptions(
    int Concurrency,
    int BackgroundConcurrency,
    TimeSpan KeepAlive,
    TimeSpan CheckpointInterval,
    TimeSpan SweepInterval,
    TimeSpan PollInterval,
    TimeSpan ReplayRetention,
    TimeSpan ShutdownDrain)
{
    public static JobsOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Jobs");
        return new JobsOptions(
            section.Int("Concurrency", 5, 1, 100_000),
            section.Int("BackgroundConcurrency", 2, 1, 10_000),
            section.Seconds("KeepAliveSeconds", 15, 0.1, 3600),
            TimeSpan.FromSeconds(section.Int("CheckpointSeconds", 1, 1, 3600)),
            TimeSpan.FromSeconds(section.Int("SweepIntervalSeconds", 5, 1, 3600)),
            TimeSpan.FromMilliseconds(section.Number("PollIntervalMs", 2000, 10, 3_600_000)),
            TimeSpan.FromHours(section.Number("ReplayRetentionHours", 24, 0, 24 * 365)),
            section.Seconds("ShutdownDrainSeconds", 10, 0, 3600));
    }
}

/// <summary>
/// Names this process in the jobs it runs. On PostgreSQL the process holds an advisory lock on <see cref="Key"/> for
/// as long as it lives; the server drops it when the process dies, which is how other instances tell.
/// </summary>
internal sealed record InstanceId(string Value, long Key)
{
    public static InstanceId New()
    {
        var key = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;
        var machine = Environment.MachineName.Length > 24 ? Environment.MachineName[..24] : Environment.MachineName;
        return new InstanceId($"{machine}-{Environment.ProcessId}-{key:x16}", key);
    }

    /// <summary>The lock key named in another instance's id; null for ids written before keys existed.</summary>
    public static long? KeyOf(string instance) =>
        instance.Length > 16 && long.TryParse(instance.AsSpan(instance.Length - 16), System.Globalization.NumberStyles.HexNumber, null, out var key)
            ? key
            : null;
}
