using System.Collections.Concurrent;
using Coravel.Invocable;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Jobs.Running;

/// <summary>
/// Ends, with a clear failure, the unfinished jobs of instances that are gone (crashed, killed, or the previous run
/// of this one), so no chat stays blocked and no stream waits forever. Runs at start-up and every
/// <c>Jobs:SweepIntervalSeconds</c>. On PostgreSQL an instance must be seen gone twice in a row, so one dropped
/// connection does not cost it its replies. An instance gone from the job channel is forgotten at its first miss, so this
/// one stops announcing job changes to nobody: should it only have reconnected, its hello on reconnecting brings it back.
/// </summary>
internal sealed class RecoverOrphanedJobs(
    KissChatDbContext db,
    IServiceScopeFactory scopes,
    InstanceLiveness liveness,
    OrphanSuspects suspects,
    OtherInstances others,
    SchedulerHeartbeat heartbeat,
    JobsOptions options,
    InstanceId instance,
    TimeProvider clock,
    ILogger<RecoverOrphanedJobs> logger)
    : IInvocable
{
    public const string InterruptedError = JobRunner.ShutdownError;

    public async Task Invoke()
    {
        var owners = await db.Set<Job>()
            .Where(j => (j.Status == JobStatus.Waiting || j.Status == JobStatus.Active) && (j.LockedBy == null || j.LockedBy != instance.Value))
            .Select(j => j.LockedBy ?? string.Empty)
            .Distinct()
            .ToListAsync(CancellationToken.None);
        foreach (var owner in owners)
        {
            if (await liveness.IsAliveAsync(db, owner, CancellationToken.None))
            {
                suspects.Clear(owner);
            }
            else if (!liveness.NeedsSecondLook || suspects.SeenGoneSince(owner, clock.GetUtcNow()) >= options.SweepInterval / 2)
            {
                await EndJobsOfAsync(owner);
                suspects.Clear(owner);
            }
        }

        foreach (var key in others.Keys)
        {
            if (!await liveness.HoldsLockAsync(db, key, CancellationToken.None))
            {
                others.Forget(key);
            }
        }

        heartbeat.Beat();
    }

    private async Task EndJobsOfAsync(string owner)
    {
        var orphans = await db.Set<Job>().AsNoTracking()
            .Where(j => (j.Status == JobStatus.Waiting || j.Status == JobStatus.Active) && (j.LockedBy ?? string.Empty) == owner)
            .Select(j => new { Info = new JobInfo(j.Id, j.UserId, j.Kind, j.SubjectId, j.Payload), Started = j.StartedAt != null, j.LockedBy })
            .ToListAsync(CancellationToken.None);
        foreach (var orphan in orphans)
        {
            await using var scope = scopes.CreateAsyncScope();
            var finisher = scope.ServiceProvider.GetRequiredService<JobFinisher>();
            if (await finisher.EndAsync(orphan.Info, orphan.LockedBy!, JobOutcome.Failed(InterruptedError), streamed: null, orphan.Started) is not null)
            {
                logger.LogWarning("Job {JobId} of instance {Instance}, which is gone, was ended as failed", orphan.Info.Id, owner);
            }
        }
    }
}

/// <summary>Instances seen gone, waiting for a second look a sweep later (a scheduler catching up may sweep twice at once).</summary>
internal sealed class OrphanSuspects
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> seen = new();

    /// <summary>How long <paramref name="owner"/> has been seen gone; zero the first time.</summary>
    public TimeSpan SeenGoneSince(string owner, DateTimeOffset now) => now - seen.GetOrAdd(owner, now);

    public void Clear(string owner) => seen.TryRemove(owner, out _);
}
