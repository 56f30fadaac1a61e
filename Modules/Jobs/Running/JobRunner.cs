using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Jobs.Running;

/// <summary>
/// Runs one queued job: waits for a place, streams its frames into its live log, and ends it through the
/// <see cref="JobFinisher"/>. The database sees the job here twice (its row read at the start and its end); the
/// checkpoints in between are written for all running jobs at once.
/// </summary>
internal sealed class JobRunner(
    KissChatDbContext db,
    IServiceProvider services,
    LiveJobs liveJobs,
    JobSlots slots,
    JobFinisher finisher,
    InstanceId instance,
    TimeProvider clock,
    ILogger<JobRunner> logger)
{
    public const string InternalError = "The reply could not be generated because of an internal error. Try again.";
    public const string ShutdownError = "The server restarted while this reply was being generated; please send it again.";

    public async Task RunAsync(Guid jobId)
    {
        var log = liveJobs.Open(jobId);
        try
        {
            var job = await db.Set<Job>().AsNoTracking()
                .Where(j => j.Id == jobId && j.LockedBy == instance.Value && j.Status == JobStatus.Waiting)
                .Select(j => new { Info = new JobInfo(j.Id, j.UserId, j.Kind, j.SubjectId, j.Payload), j.StopRequestedAt })
                .FirstOrDefaultAsync(CancellationToken.None);
            if (job is null)
            {
                return;
            }

            if (job.StopRequestedAt is not null)
            {
                log.RequestStop();
            }

            IDisposable place;
            try
            {
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(log.StopRequested, slots.Stopping);
                place = await slots.TakeAsync(waiting.Token);
            }
            catch (OperationCanceledException)
            {
                var outcome = log.StopRequested.IsCancellationRequested ? JobOutcome.Stopped(null) : JobOutcome.Failed(ShutdownError);
                await EndAsync(job.Info, log, outcome, streamed: null);
                return;
            }

            using (place)
            {
                log.Start(jobId, clock.GetUtcNow().UtcDateTime);
                var outcome = await RunHandlerAsync(job.Info, log);
                await EndAsync(job.Info, log, outcome, log.Snapshot());
            }
        }
        finally
        {
            liveJobs.Close(jobId);
        }
    }

    private async Task<JobOutcome> RunHandlerAsync(JobInfo job, LiveJobLog log)
    {
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(slots.GiveUp, log.StopRequested);
        try
        {
            var handler = services.GetRequiredKeyedService<IJobHandler>(job.Kind);
            return await handler.RunAsync(new JobContext(job, log.AppendToken, log.ReportProgress, log.StopRequested), cancelled.Token);
        }
        catch (OperationCanceledException) when (slots.GiveUp.IsCancellationRequested)
        {
            return JobOutcome.Failed(ShutdownError);
        }
        catch (OperationCanceledException) when (log.StopRequested.IsCancellationRequested)
        {
            return JobOutcome.Stopped(null);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Job {JobId} of kind {Kind} failed unexpectedly", job.Id, job.Kind);
            return JobOutcome.Failed(InternalError);
        }
    }

    private async Task EndAsync(JobInfo job, LiveJobLog log, JobOutcome outcome, Checkpoint? streamed)
    {
        if (await finisher.EndAsync(job, instance.Value, outcome, streamed, started: streamed?.StartedAt is not null) is { } final)
        {
            log.Finish(final);
        }
    }
}
