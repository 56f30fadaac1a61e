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
/// connection does not cost it its replies.
/// <para>It also ends a job stored as this instance's that does not run here: a start whose commit was reported failed
/// after PostgreSQL had applied it (a connection lost mid-<c>COMMIT</c>) leaves one, and nothing else would end it until a
/// restart, its chat refusing new messages meanwhile. And it forgets an instance gone from the job channel at its first
/// miss, so this one stops announcing job changes to nobody: should it only have reconnected, its hello on reconnecting
/// brings it back.</para>
/// </summary>
internal sealed class RecoverOrphanedJobs(
    KissChatDbContext db,
    IServiceScopeFactory scopes,
    InstanceLiveness liveness,
    SweepSuspects<string> goneInstances,
    SweepSuspects<Guid> lostJobs,
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
    public const string LostError = "This reply was interrupted before it could be saved; try again (your message is kept).";

    public async Task Invoke()
    {
        var owners = await db.Set<Job>()
            .Where(j => (j.Status == JobStatus.Waiting || j.Status == JobStatus.Active) && (j.LockedBy == null || j.LockedBy != instance.Value))
            .Select(j => j.LockedBy ?? string.Empty)
            .Distinct()
            .ToListAsync(CancellationToken.None);
        var gone = new List<string>();
        foreach (var owner in owners)
        {
            if (!await liveness.IsAliveAsync(db, owner, CancellationToken.None))
            {
                gone.Add(owner);
            }
        }

        foreach (var owner in goneInstances.SeenSince(gone, clock.GetUtcNow(), liveness.NeedsSecondLook ? options.SweepInterval / 2 : TimeSpan.Zero))
        {
            await EndJobsOfAsync(owner);
        }

        await EndLostJobsAsync();
        await StopJobsEndedElsewhereAsync();

        foreach (var known in others.Known)
        {
            if (!await liveness.HoldsLockAsync(db, known.Key, CancellationToken.None) && others.Forget(known))
            {
                logger.LogInformation("Instance {Key:x16} no longer listens on this database; job changes are not announced to it", known.Key);
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
    /// A job is live here from its start's commit at the latest (before it, for a reply whose prompt is read ahead on
    /// PostgreSQL) until its end is stored. But a row is seen by others as soon as it is committed, before the commit has
    /// returned here (and on SQLite before its sync), so one not live here is taken for lost only when seen so twice, half
    /// a sweep apart.
    /// </remarks>
    private async Task EndLostJobsAsync()
    {
        var now = clock.GetUtcNow();
        var notLive = (await UnfinishedAsync(j => j.LockedBy == instance.Value && j.CreatedAt < now.UtcDateTime - options.SweepInterval / 2))
            .Where(job => !liveJobs.TryGet(job.Info.Id, out _))
            .ToList();
        var lost = lostJobs.SeenSince(notLive.Select(job => job.Info.Id), now, options.SweepInterval / 2);
        foreach (var job in notLive.Where(job => lost.Contains(job.Info.Id)))
        {
            if (await EndAsync(job, LostError))
            {
                logger.LogError("Job {JobId} was stored as this instance's but did not run here (a start reported failed, or an end not stored); it was ended as failed", job.Info.Id);
            }
        }
    }

    /// <summary>
    /// Stops the jobs running here whose rows another instance ended: on PostgreSQL, when this instance's lock connection
    /// was down for two of its sweeps (a failover, a cut connection), it took this one for gone. The model is then called
    /// no longer for a reply nobody keeps, and the streams here end with what that instance stored.
    /// </summary>
    private async Task StopJobsEndedElsewhereAsync()
    {
        var running = liveJobs.All.Where(live => live.Value.IsRunningHere).Select(live => live.Key).ToList();
        if (running.Count == 0)
        {
            return;
        }

        var ended = await db.Set<Job>().AsNoTracking()
            .Where(j => running.Contains(j.Id) && j.Status != JobStatus.Waiting && j.Status != JobStatus.Active && j.LockedBy == instance.Value)
            .Select(j => j.Id)
            .ToListAsync(CancellationToken.None);
        foreach (var jobId in ended)
        {
            if (liveJobs.TryGet(jobId, out var log) && log.IsRunningHere)
            {
                logger.LogWarning("Job {JobId} running here was ended by another instance (this one was taken for gone); it is stopped", jobId);
                log.EndElsewhere();
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
        return await finisher.EndUnrunAsync(job.Info, job.LockedBy, JobOutcome.Failed(error), job.Started) is not null;
    }

    private sealed record UnfinishedJob(JobInfo Info, bool Started, string LockedBy);
}
