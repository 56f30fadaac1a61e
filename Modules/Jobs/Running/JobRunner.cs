using System.Text.Json.Nodes;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Jobs.Running;

/// <summary>Runs one job from claim to its final, atomically stored state.</summary>
internal sealed class JobRunner(
    IServiceScopeFactory scopes,
    LiveJobs liveJobs,
    JobsOptions options,
    InstanceId instance,
    JobNotifications notifications,
    TimeProvider clock,
    ILogger<JobRunner> logger)
{
    public const string InternalError = "The reply could not be generated because of an internal error.";
    public const string ShutdownError = "The server shut down before the reply finished; please send it again.";
    private const int MaxErrorLength = 2000;

    public async Task RunAsync(Guid jobId, CancellationToken stopping)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        if (!await ClaimAsync(db, jobId, stopping))
        {
            return;
        }

        var job = await db.Set<Job>().AsNoTracking().FirstAsync(j => j.Id == jobId, stopping);
        var lastSeq = await db.Set<JobEvent>().Where(e => e.JobId == jobId).MaxAsync(e => (int?)e.Seq, stopping) ?? 0;
        var log = liveJobs.Open(jobId, lastSeq + 1);
        try
        {
            var info = job.Info();
            var context = new JobContext(info, frame => log.Append(frame), log.StopRequested);
            log.Append(JobFrames.Create(JobFrames.Processing, jobId));

            JobOutcome outcome;
            await using (new JobEventFlusher(jobId, log, () => context.Progress, scopes, options, clock, logger))
            {
                outcome = await RunHandlerAsync(scope.ServiceProvider, context, log, stopping);
            }

            await FinishAsync(db, job, log, outcome);
        }
        finally
        {
            liveJobs.Close(jobId);
        }
    }

    private async Task<bool> ClaimAsync(KissChatDbContext db, Guid jobId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Set<Job>()
            .Where(j => j.Id == jobId && j.Status == JobStatus.Waiting)
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Status, JobStatus.Active)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.HeartbeatAt, now)
                    .SetProperty(j => j.LockedBy, instance.Value)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1),
                cancellationToken);
        return claimed == 1;
    }

    private async Task<JobOutcome> RunHandlerAsync(IServiceProvider services, JobContext context, LiveJobLog log, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, log.StopRequested);
        try
        {
            var handler = services.GetRequiredKeyedService<IJobHandler>(context.Job.Kind);
            return await handler.RunAsync(context, linked.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return JobOutcome.Failed(ShutdownError);
        }
        catch (OperationCanceledException) when (log.StopRequested.IsCancellationRequested)
        {
            return JobOutcome.Stopped(null);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Job {JobId} of kind {Kind} failed unexpectedly", context.Job.Id, context.Job.Kind);
            return JobOutcome.Failed(InternalError);
        }
    }

    /// <summary>
    /// Stores the final frame, the job's state and whatever the handler added (the reply) in one transaction, and
    /// only then tells listeners: a client never hears "completed" for a reply that is not stored.
    /// </summary>
    private async Task FinishAsync(KissChatDbContext db, Job job, LiveJobLog log, JobOutcome outcome)
    {
        try
        {
            await SaveFinalAsync(db, job.Id, log, outcome);
        }
        catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogError(exception, "Could not store the outcome of job {JobId}", job.Id);
            db.ChangeTracker.Clear();
            await SaveFinalAsync(db, job.Id, log, JobOutcome.Failed("The reply could not be saved."));
        }
    }

    private async Task SaveFinalAsync(KissChatDbContext db, Guid jobId, LiveJobLog log, JobOutcome outcome)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var frame = FinalFrame(outcome);
        var result = outcome.Result is null ? null : JobFrames.ToJson(outcome.Result);
        var error = outcome.Error is { Length: > MaxErrorLength } tooLong ? tooLong[..MaxErrorLength] : outcome.Error;
        var pending = log.TakePending();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            // Only while this instance still holds the job: if the recovery sweep already ended it (a stalled
            // heartbeat), its failed frame is final and this outcome must not contradict it.
            var ours = await db.Set<Job>()
                .Where(j => j.Id == jobId && j.Status == JobStatus.Active && j.LockedBy == instance.Value)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(j => j.Status, outcome.Status).SetProperty(j => j.Result, result).SetProperty(j => j.Error, error)
                        .SetProperty(j => j.Progress, 100).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.HeartbeatAt, now),
                    CancellationToken.None);
            if (ours == 0)
            {
                logger.LogWarning("Job {JobId} was ended elsewhere before it finished here; its outcome is dropped", jobId);
                db.ChangeTracker.Clear();
                return;
            }

            db.AddRange(pending.Select(f => new JobEvent { JobId = jobId, Seq = f.Seq, Type = f.Type, Data = f.Data, CreatedAt = now }));
            db.Add(new JobEvent { JobId = jobId, Seq = log.NextSeq, Type = outcome.Status, Data = JobFrames.ToJson(frame), CreatedAt = now });
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch
        {
            log.ReturnPending(pending);
            throw;
        }

        log.Append(frame, persisted: true);
        try
        {
            await notifications.NotifyAsync(db, jobId, CancellationToken.None);
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.Data.Common.DbException)
        {
            // Other instances' streams still see the frame on their next poll.
            logger.LogWarning(exception, "Could not notify other instances about job {JobId}", jobId);
        }
    }

    private static JsonObject FinalFrame(JobOutcome outcome)
    {
        var frame = new JsonObject { ["status"] = outcome.Status };
        if (outcome.Error is not null)
        {
            frame["error"] = outcome.Error;
        }

        foreach (var (key, value) in outcome.Result ?? [])
        {
            frame[key] = value?.DeepClone();
        }

        return frame;
    }
}
