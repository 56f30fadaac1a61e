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

    public async Task RunAsync(Guid jobId, CancellationToken stopping)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        if (!await ClaimAsync(db, jobId, stopping))
        {
            return;
        }

        var job = await db.Set<Job>().FirstAsync(j => j.Id == jobId, stopping);
        var lastSeq = await db.Set<JobEvent>().Where(e => e.JobId == jobId).MaxAsync(e => (int?)e.Seq, stopping) ?? 0;
        var log = liveJobs.Open(jobId, lastSeq + 1);
        try
        {
            var info = new JobInfo(job.Id, job.UserId, job.Kind, job.SubjectId, job.Payload);
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
    /// Stores the final frame, the job's state and whatever the handler added (the reply) in one save, and
    /// only then tells listeners: a client never hears "completed" for a reply that is not stored.
    /// </summary>
    private async Task FinishAsync(KissChatDbContext db, Job job, LiveJobLog log, JobOutcome outcome)
    {
        try
        {
            await SaveFinalAsync(db, job, log, outcome);
        }
        catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException)
        {
            logger.LogError(exception, "Could not store the outcome of job {JobId}", job.Id);
            db.ChangeTracker.Clear();
            var tracked = await db.Set<Job>().FirstOrDefaultAsync(j => j.Id == job.Id, CancellationToken.None);
            if (tracked is null)
            {
                return; // The job's owner or subject was deleted meanwhile; nothing is left to report to.
            }

            outcome = JobOutcome.Failed("The reply could not be saved.");
            await SaveFinalAsync(db, tracked, log, outcome);
        }
    }

    private async Task SaveFinalAsync(KissChatDbContext db, Job job, LiveJobLog log, JobOutcome outcome)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var frame = FinalFrame(outcome);
        foreach (var unsaved in log.TakePending())
        {
            db.Add(new JobEvent { JobId = job.Id, Seq = unsaved.Seq, Type = unsaved.Type, Data = unsaved.Data, CreatedAt = now });
        }

        db.Add(new JobEvent { JobId = job.Id, Seq = log.NextSeq, Type = outcome.Status, Data = JobFrames.ToJson(frame), CreatedAt = now });
        job.Status = outcome.Status;
        job.Result = outcome.Result is null ? null : JobFrames.ToJson(outcome.Result);
        job.Error = outcome.Error;
        job.Progress = 100;
        job.FinishedAt = now;
        job.HeartbeatAt = now;
        await db.SaveChangesAsync(CancellationToken.None);
        log.Append(frame, persisted: true);
        await notifications.NotifyAsync(db, job.Id, CancellationToken.None);
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
