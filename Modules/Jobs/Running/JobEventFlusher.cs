using KissChat.Jobs.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Jobs.Running;

/// <summary>
/// Copies a running job's new frames to the database in small batches (one insert per batch, not per token)
/// and keeps its heartbeat fresh, so a client on another instance, or after a restart, can still resume.
/// </summary>
internal sealed class JobEventFlusher : IAsyncDisposable
{
    private readonly Guid jobId;
    private readonly LiveJobLog log;
    private readonly Func<int> progress;
    private readonly IServiceScopeFactory scopes;
    private readonly JobsOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private DateTime lastHeartbeat;
    private DateTime lastStopCheck;

    public JobEventFlusher(Guid jobId, LiveJobLog log, Func<int> progress, IServiceScopeFactory scopes, JobsOptions options, TimeProvider clock, ILogger logger)
    {
        this.jobId = jobId;
        this.log = log;
        this.progress = progress;
        this.scopes = scopes;
        this.options = options;
        this.clock = clock;
        this.logger = logger;
        lastHeartbeat = clock.GetUtcNow().UtcDateTime;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Stops the loop after one last flush; what still fails to save stays pending for the final write.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        await FlushAsync();
        stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.FlushInterval, clock, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await FlushAsync();
            await CheckStopRequestAsync();
        }
    }

    private static bool IsDatabaseFailure(Exception exception) =>
        exception is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException;

    /// <summary>A stop may have been asked on another instance; it only leaves its mark in the job row.</summary>
    private async Task CheckStopRequestAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (now - lastStopCheck < StopCheckInterval || log.StopRequested.IsCancellationRequested)
        {
            return;
        }

        lastStopCheck = now;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            if (await db.Set<Job>().AnyAsync(j => j.Id == jobId && j.StopRequestedAt != null, CancellationToken.None))
            {
                log.RequestStop();
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogWarning(exception, "Could not check job {JobId} for a stop request", jobId);
        }
    }

    private async Task FlushAsync()
    {
        var frames = log.TakePending();
        var now = clock.GetUtcNow().UtcDateTime;
        if (frames.Count == 0 && now - lastHeartbeat < options.Heartbeat)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        try
        {
            db.AddRange(frames.Select(f => new JobEvent { JobId = jobId, Seq = f.Seq, Type = f.Type, Data = f.Data, CreatedAt = now }));
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception exception) when (IsDatabaseFailure(exception))
        {
            // Not stored, so they go back; frames that did get stored must never be inserted twice.
            logger.LogWarning(exception, "Could not persist {Count} frames of job {JobId}; retrying with the next batch", frames.Count, jobId);
            log.ReturnPending(frames);
            return;
        }

        try
        {
            var currentProgress = progress();
            await db.Set<Job>().Where(j => j.Id == jobId)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now).SetProperty(j => j.Progress, currentProgress), CancellationToken.None);
            lastHeartbeat = now;
            if (frames.Count > 0)
            {
                await scope.ServiceProvider.GetRequiredService<JobNotifications>().NotifyAsync(db, jobId, CancellationToken.None);
            }
        }
        catch (Exception exception) when (IsDatabaseFailure(exception))
        {
            logger.LogWarning(exception, "Could not record the heartbeat of job {JobId}", jobId);
        }
    }
}
