using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KissChat.Jobs.Running;

/// <summary>
/// After a crash or restart: re-queues jobs that never started, and ends jobs whose runner died mid-way
/// (stale heartbeat) with a clear failure, so no client waits forever and no reply is silently lost.
/// </summary>
internal sealed class JobRecovery(IServiceScopeFactory scopes, JobQueue queue, LiveJobs liveJobs, UnrunJobs unrunJobs, JobsOptions options, TimeProvider clock, ILogger<JobRecovery> logger)
    : BackgroundService
{
    public const string InterruptedError = "The server restarted while this reply was being generated; please send it again.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Job recovery sweep failed; trying again later");
            }

            await Task.Delay(options.SweepInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var staleBefore = clock.GetUtcNow().UtcDateTime - options.StaleAfter;

        var waiting = await db.Set<Job>().Where(j => j.Status == JobStatus.Waiting).OrderBy(j => j.CreatedAt).Select(j => j.Id).ToListAsync(cancellationToken);
        waiting.ForEach(queue.Enqueue);

        var stale = await db.Set<Job>()
            .Where(j => j.Status == JobStatus.Active && j.HeartbeatAt < staleBefore)
            .Select(j => j.Id)
            .ToListAsync(cancellationToken);
        // A job running in this very process is alive whatever its heartbeat says (the database may be slow).
        foreach (var jobId in stale.Where(id => !liveJobs.TryGet(id, out _)))
        {
            await FailStaleAsync(scope.ServiceProvider, db, jobId, staleBefore, cancellationToken);
        }

        await PruneTokenFramesAsync(db, cancellationToken);
    }

    /// <summary>
    /// One row per streamed token is what makes a stream resumable; a day later nobody resumes mid-reply, and the
    /// final frame still carries the whole reply, so the token rows of long-finished jobs go.
    /// </summary>
    private async Task PruneTokenFramesAsync(KissChatDbContext db, CancellationToken cancellationToken)
    {
        var finishedBefore = clock.GetUtcNow().UtcDateTime - options.TokenFrameRetention;
        var expired = db.Set<Job>().Where(j => j.FinishedAt != null && j.FinishedAt <= finishedBefore).Select(j => j.Id);
        await db.Set<JobEvent>().Where(e => e.Type == JobFrames.Token && expired.Contains(e.JobId)).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task FailStaleAsync(IServiceProvider services, KissChatDbContext db, Guid jobId, DateTime staleBefore, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var taken = await db.Set<Job>()
            .Where(j => j.Id == jobId && j.Status == JobStatus.Active && j.HeartbeatAt < staleBefore)
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Status, JobStatus.Failed)
                    .SetProperty(j => j.Error, InterruptedError)
                    .SetProperty(j => j.Progress, 100)
                    .SetProperty(j => j.FinishedAt, now),
                cancellationToken);
        if (taken == 1)
        {
            await unrunJobs.EndAsync(db, transaction, services, jobId, JobFrames.FailedFrame(InterruptedError), now, cancellationToken);
            logger.LogWarning("Job {JobId} was interrupted by a restart and is marked failed", jobId);
        }
        else
        {
            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
    }
}
