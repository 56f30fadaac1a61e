using System.Collections.Concurrent;
using System.Linq.Expressions;
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
/// connection does not cost it its replies. It also ends a job stored as this instance's that does not run here: a start
/// whose commit was reported failed after PostgreSQL had applied it (a connection lost mid-<c>COMMIT</c>) leaves one, and
/// nothing else would end it until a restart, its chat refusing new messages meanwhile. An instance gone from the job channel is forgotten at its first miss, so this
/// one stops announcing job changes to nobody: should it only have reconnected, its hello on reconnecting brings it back.
/// </summary>
internal sealed class RecoverOrphanedJobs(
    KissChatDbContext db,
    IServiceScopeFactory scopes,
    InstanceLiveness liveness,
    OrphanSuspects suspects,
    OtherInstances others,
    SchedulerHeartbeat heartbeat,
    LiveJobs liveJobs,
    JobsOptions options,
    InstanceId instance,
    TimeProvider clock,
    ILogger<RecoverOrphanedJobs> logger)
    : IInvocable
{
    public const string InterruptedError = JobRunner.ShutdownError;
    public const string LostError = "This reply could not be started; please send it again.";

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

        await EndLostJobsAsync();

        foreach (var key in others.Keys)
        {
            if (!await liveness.HoldsLockAsync(db, key, CancellationToken.None))
            {
                others.Forget(key);
                logger.LogInformation("Instance {Key:x16} no longer listens on this database; job changes are not announced to it", key);
            }
        }

        heartbeat.Beat();
    }

    private async Task EndJobsOfAsync(string owner)
    {
        foreach (var orphan in await UnfinishedAsync(j => (j.LockedBy ?? string.Empty) == owner))
        {
            if (await EndAsync(orphan, InterruptedError))
            {
                logger.LogWarning("Job {JobId} of instance {Instance}, which is gone, was ended as failed", orphan.Info.Id, owner);
            }
        }
    }

    /// <remarks>
    /// A job is live here from before its start commits (PostgreSQL) or from just after (SQLite) until its end is stored, so
    /// one of this instance's that is not, and is older than a sweep, has been lost track of.
    /// </remarks>
    private async Task EndLostJobsAsync()
    {
        var startedBefore = clock.GetUtcNow().UtcDateTime - options.SweepInterval;
        foreach (var job in await UnfinishedAsync(j => j.LockedBy == instance.Value && j.CreatedAt < startedBefore))
        {
            if (!liveJobs.TryGet(job.Info.Id, out _) && await EndAsync(job, LostError))
            {
                logger.LogError("Job {JobId} was stored as this instance's but did not run here (its start was reported failed); it was ended as failed", job.Info.Id);
            }
        }
    }

    private Task<List<UnfinishedJob>> UnfinishedAsync(Expression<Func<Job, bool>> whose) =>
        db.Set<Job>().AsNoTracking()
            .Where(j => j.Status == JobStatus.Waiting || j.Status == JobStatus.Active)
            .Where(whose)
            .Select(j => new UnfinishedJob(new JobInfo(j.Id, j.UserId, j.Kind, j.SubjectId, j.Payload), j.StartedAt != null, j.LockedBy ?? string.Empty))
            .ToListAsync(CancellationToken.None);

    private async Task<bool> EndAsync(UnfinishedJob job, string error)
    {
        await using var scope = scopes.CreateAsyncScope();
        var finisher = scope.ServiceProvider.GetRequiredService<JobFinisher>();
        return await finisher.EndAsync(job.Info, job.LockedBy, JobOutcome.Failed(error), streamed: null, job.Started) is not null;
    }

    private sealed record UnfinishedJob(JobInfo Info, bool Started, string LockedBy);
}

/// <summary>Instances seen gone, waiting for a second look a sweep later (a scheduler catching up may sweep twice at once).</summary>
internal sealed class OrphanSuspects
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> seen = new();

    /// <summary>How long <paramref name="owner"/> has been seen gone; zero the first time.</summary>
    public TimeSpan SeenGoneSince(string owner, DateTimeOffset now) => now - seen.GetOrAdd(owner, now);

    public void Clear(string owner) => seen.TryRemove(owner, out _);
}
