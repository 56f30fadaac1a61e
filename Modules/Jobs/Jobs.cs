using System.Linq.Expressions;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Jobs.Running;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Jobs;

internal sealed class Jobs(
    KissChatDbContext db,
    JobDispatcher dispatcher,
    LiveJobs liveJobs,
    InstanceLiveness liveness,
    JobFinisher finisher,
    JobNotifications notifications,
    InstanceId instance,
    TimeProvider clock)
    : IJobs
{
    /// <remarks>
    /// One plain statement rather than an added entity: every reply's start stores one, and EF's save of an entity
    /// (change detection, batching, ordering, SQL generation, reading the defaulted column back) costs several times the
    /// insert. It waits for the commit, as nothing reads the row before: sent with the caller's other such writes.
    /// </remarks>
    public JobInfo Add(NewJob job)
    {
        var info = new JobInfo(Guid.CreateVersion7(), job.UserId, job.Kind, job.SubjectId, job.Payload);
        db.WriteAtCommit(
            $"""
             INSERT INTO "jobs" ("id", "user_id", "kind", "subject_id", "status", "progress", "payload", "locked_by", "created_at", "idempotency_key", "request_hash")
             VALUES ({info.Id}, {job.UserId}, {job.Kind}, {job.SubjectId}, {JobStatus.Waiting}, 0, {job.Payload}, {instance.Value}, {clock.GetUtcNow().UtcDateTime}, {job.Key?.Value}, {job.Key?.Fingerprint})
             """);
        return info;
    }

    public void Enqueue(JobInfo job, object? prepared = null) => dispatcher.Enqueue(job, prepared, JobContext.StoredAlready);

    public EarlyJob EnqueueBeforeCommit(JobInfo job, object prepared)
    {
        var stored = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        dispatcher.Enqueue(job, prepared, stored.Task);
        return new EarlyJob(committed =>
        {
            stored.SetResult(committed);
            if (!committed && liveJobs.TryGet(job.Id, out var log))
            {
                log.RequestStop();
            }
        });
    }

    public Task StopUnfinishedAsync(IReadOnlyCollection<Guid> subjectIds, CancellationToken cancellationToken) =>
        StopUnfinishedAsync(j => j.SubjectId != null && subjectIds.Contains(j.SubjectId.Value), cancellationToken);

    /// <summary>Stops every unfinished job <paramref name="which"/> picks: a subject's, or a whole account's.</summary>
    public async Task StopUnfinishedAsync(Expression<Func<Job, bool>> which, CancellationToken cancellationToken)
    {
        var unfinished = await db.Set<Job>().AsNoTracking()
            .Where(which)
            .Where(j => j.Status == JobStatus.Waiting || j.Status == JobStatus.Active)
            .Select(j => j.Id)
            .ToListAsync(cancellationToken);
        foreach (var jobId in unfinished)
        {
            await RequestStopAsync(jobId, cancellationToken);
        }
    }

    /// <remarks>The statuses are written out, not parameters, so that the query can use the partial index that holds only those (script 0017).</remarks>
    public FormattableString UnfinishedSubjectsQuery(Guid userId, string kind, RequestKey? key) => key is null
        ? (FormattableString)$"""SELECT "subject_id" FROM "jobs" WHERE "user_id" = {userId} AND "kind" = {kind} AND "status" IN ('waiting', 'active')"""
        : $"""
           SELECT "subject_id", NULL, NULL FROM "jobs" WHERE "user_id" = {userId} AND "kind" = {kind} AND "status" IN ('waiting', 'active')
           UNION ALL
           SELECT "subject_id", "id", "request_hash" FROM "jobs" WHERE "user_id" = {userId} AND "idempotency_key" = {key.Value}
           """;

    public Task<int> CountUnfinishedAsync(Guid userId, string kind, CancellationToken cancellationToken) =>
        db.Set<Job>().CountAsync(j => j.UserId == userId && j.Kind == kind && (j.Status == JobStatus.Waiting || j.Status == JobStatus.Active), cancellationToken);

    public async Task<JobInfo?> FindUnfinishedAsync(Guid subjectId, CancellationToken cancellationToken) =>
        await db.Set<Job>().AsNoTracking()
            .Where(j => j.SubjectId == subjectId && (j.Status == JobStatus.Waiting || j.Status == JobStatus.Active))
            .OrderByDescending(j => j.CreatedAt)
            .Select(j => new JobInfo(j.Id, j.UserId, j.Kind, j.SubjectId, j.Payload))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<JobFailure?> FindFailureAsync(Guid subjectId, string kind, DateTime since, CancellationToken cancellationToken) =>
        await db.Set<Job>().AsNoTracking()
            .Where(j => j.Status == JobStatus.Failed && j.CreatedAt > since && j.SubjectId == subjectId && j.Kind == kind)
            .OrderByDescending(j => j.CreatedAt)
            .Select(j => new JobFailure(j.Id, j.Error ?? "", j.FinishedAt ?? j.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<string?> RequestStopAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await db.Set<Job>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null || JobStatus.IsFinished(job.Status))
        {
            return job?.Status;
        }

        if (liveJobs.TryGet(jobId, out var log))
        {
            log.RequestStop();
        }
        else if (job.LockedBy is { } owner && owner != instance.Value && await liveness.IsAliveAsync(db, owner, cancellationToken))
        {
            await db.Set<Job>().Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.StopRequestedAt, clock.GetUtcNow().UtcDateTime), cancellationToken);
            await notifications.NotifyStopAsync(db, jobId, cancellationToken);
        }
        else
        {
            // Nobody runs it any more (its instance is gone, or this one lost track of it), or this instance stored it a
            // moment ago and has not queued it yet: it ends here and now, with what its last checkpoint saved, and does not
            // start after all.
            if (job.LockedBy == instance.Value)
            {
                liveJobs.StopOnOpen(jobId);
            }

            await finisher.EndUnrunAsync(job.Info(), job.LockedBy ?? string.Empty, JobOutcome.Stopped(null), started: job.StartedAt is not null);
        }

        return job.Status;
    }

    public async Task<JobLookup> FindAsync(Guid jobId, Guid userId, CancellationToken cancellationToken)
    {
        var job = await db.Set<Job>().AsNoTracking()
            .Where(j => j.Id == jobId)
            .Select(j => new { Info = new JobInfo(j.Id, j.UserId, j.Kind, j.SubjectId, j.Payload), j.Status, j.StartedAt, j.Tokens })
            .FirstOrDefaultAsync(cancellationToken);
        if (job is null)
        {
            return new JobLookup(JobLookupOutcome.NotFound, null, null, null);
        }

        var stored = new StoredJob(job.Info.Id, job.Status, job.StartedAt, job.Tokens, null, null, null, null);
        return job.Info.UserId != userId
            ? new JobLookup(JobLookupOutcome.Forbidden, null, null, null)
            : new JobLookup(JobLookupOutcome.Found, job.Info, job.Status, stored.LastFrameId);
    }
}
