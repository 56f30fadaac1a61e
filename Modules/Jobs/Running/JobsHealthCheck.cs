using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KissChat.Jobs.Running;

/// <summary>
/// Ready while this instance can run replies: it is not shutting down, the scheduler keeps sweeping, and on PostgreSQL
/// it holds its job channel (without it, stops from elsewhere are not heard and other instances would take its jobs for
/// orphans).
/// </summary>
internal sealed class JobsHealthCheck(
    JobSlots slots, SchedulerHeartbeat heartbeat, JobNotifications notifications, JobsOptions options, DatabaseSettings settings)
    : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (running, waiting, concurrency) = slots.Load(JobLane.Interactive);
        var background = slots.Load(JobLane.Background);
        var data = new Dictionary<string, object>
        {
            ["running"] = running,
            ["waiting"] = waiting,
            ["concurrency"] = concurrency,
            ["background_running"] = background.Running,
            ["background_waiting"] = background.Waiting,
            ["background_concurrency"] = background.Places,
        };
        var sinceSweep = heartbeat.SinceLastBeat;
        var problem =
            slots.Stopping.IsCancellationRequested ? "The server is shutting down: no new reply starts here."
            : sinceSweep > SweepAllowance ? $"The job scheduler has not swept for {(int)sinceSweep.TotalSeconds} s."
            : settings.Provider == DatabaseProvider.Postgres && !notifications.IsListening ? "The job channel to PostgreSQL is down; it is being reopened."
            : null;
        return Task.FromResult(problem is null
            ? HealthCheckResult.Healthy($"The job workers run ({concurrency} replies and {background.Places} background jobs at once).", data)
            : HealthCheckResult.Unhealthy(problem, data: data));
    }

    /// <summary>Three missed sweeps, and never less than half a minute: a busy machine may delay one.</summary>
    private TimeSpan SweepAllowance => TimeSpan.FromTicks(Math.Max(options.SweepInterval.Ticks * 3, TimeSpan.FromSeconds(30).Ticks));
}
