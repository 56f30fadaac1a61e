using System.Diagnostics;
using KissChat.Jobs.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Jobs.Running;

/// <summary>
/// Runs one queued job: waits for a place, streams its frames into its live log, and ends it through the
/// <see cref="JobFinisher"/>. The database sees the job here once, at its end; the checkpoints in between are written
/// for all running jobs at once.
/// </summary>
internal sealed partial class JobRunner(
    IServiceProvider services,
    LiveJobs liveJobs,
    JobSlots slots,
    JobFinisher finisher,
    InstanceId instance,
    TimeProvider clock,
    ILogger<JobRunner> logger)
{
    public const string InternalError = "The reply could not be generated because of an internal error. Try again.";
    public const string ShutdownError = "The server restarted while this reply was being generated; try again (your message is kept).";

    /// <summary>
    /// Runs the job queued here. Its row is not read again: the job was stored moments ago by this instance, a stop
    /// reaches its live log, and if anything else ended it meanwhile, the end here is dropped by the finisher.
    /// </summary>
    public async Task RunAsync(Guid jobId)
    {
        if (!liveJobs.TryGet(jobId, out var log))
        {
            return;
        }

        using var activity = JobTelemetry.StartJob(log.Job, log.Origin);
        // Every log line of the job, the model client's included, names the job and its user.
        using var scope = logger.BeginScope("Job {JobId} of user {UserId}", jobId, log.Job.UserId);
        try
        {
            IDisposable place;
            try
            {
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(log.StopRequested, slots.Stopping, log.EndedElsewhere);
                place = await slots.TakeAsync(log.Job.Kind, waiting.Token);
            }
            catch (OperationCanceledException)
            {
                var outcome = log.StopRequested.IsCancellationRequested ? JobOutcome.Stopped(null) : JobOutcome.Failed(ShutdownError);
                await EndAsync(log, outcome, streamed: null);
                return;
            }

            string? endedWith = null;
            using (place)
            {
                log.Start(clock.GetUtcNow().UtcDateTime);
                var outcome = await RunHandlerAsync(log.Job, log);
                endedWith = await EndAsync(log, outcome, log.Snapshot()) ? outcome.Status : null;
            }

            // Out of the place: what the job leads to never keeps another job waiting.
            if (endedWith is not null)
            {
                await FollowUpAsync(log.Job, endedWith);
            }
        }
        finally
        {
            liveJobs.Close(jobId);
        }
    }

    private async Task<JobOutcome> RunHandlerAsync(JobInfo job, LiveJobLog log)
    {
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(slots.GiveUp, log.StopRequested, log.EndedElsewhere);
        try
        {
            var handler = services.GetRequiredKeyedService<IJobHandler>(job.Kind);
            return await handler.RunAsync(new JobContext(job, log.AppendToken, log.AppendReasoning, log.ReportProgress, log.StopRequested, log.TakePrepared(), log.Stored), cancelled.Token);
        }
        catch (OperationCanceledException) when (slots.GiveUp.IsCancellationRequested)
        {
            return JobOutcome.Failed(ShutdownError);
        }
        catch (OperationCanceledException) when (log.StopRequested.IsCancellationRequested)
        {
            return JobOutcome.Stopped(null);
        }
        catch (OperationCanceledException) when (log.EndedElsewhere.IsCancellationRequested)
        {
            // Its end here is dropped by the finisher: the row already has the one the other instance stored.
            return JobOutcome.Failed(ShutdownError);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Job {JobId} of kind {Kind} failed unexpectedly", job.Id, job.Kind);
            return JobOutcome.Failed(InternalError);
        }
    }

    /// <summary>Returns whether the job ended here (and not already elsewhere).</summary>
    private async Task<bool> EndAsync(LiveJobLog log, JobOutcome outcome, Checkpoint? streamed)
    {
        // A job queued before its row's commit ends once the row is there; if the commit failed, it leaves nothing behind.
        if (!await log.Stored)
        {
            return false;
        }

        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.SetTag("kisschat.job.status", outcome.Status);
            if (outcome.Status == JobStatus.Failed)
            {
                activity.SetStatus(ActivityStatusCode.Error, outcome.Error);
            }
        }

        log.BeginEnding();
        if (await finisher.EndAsync(log.Job, instance.Value, outcome, streamed, started: streamed?.StartedAt is not null) is { } ended)
        {
            if (ended.FinalFrame is { } final)
            {
                log.Finish(final);
            }
            else
            {
                // Its listeners here read its end from its row, as from another instance's, and need not wait for what follows.
                liveJobs.Close(log.Job.Id);
            }

            Ended(logger, log.Job.Kind, outcome.Status, streamed?.Tokens ?? 0);
            return true;
        }

        return false;
    }

    private async Task FollowUpAsync(JobInfo job, string status)
    {
        try
        {
            await services.GetRequiredKeyedService<IJobHandler>(job.Kind).EndedAsync(job, status, slots.GiveUp);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "What job {JobId} of kind {Kind} leads to failed", job.Id, job.Kind);
        }
    }

    [LoggerMessage(LogLevel.Information, "Job of kind {Kind} ended {Status} after {Tokens} tokens")]
    private static partial void Ended(ILogger logger, string kind, string status, int tokens);
}
