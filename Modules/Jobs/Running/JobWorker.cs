using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KissChat.Jobs.Running;

/// <summary>Runs up to <c>Jobs:Concurrency</c> jobs at once, in the background of the web process.</summary>
internal sealed class JobWorker(JobQueue queue, JobRunner runner, JobsOptions options, ILogger<JobWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => ConsumeAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var jobId in queue.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await runner.RunAsync(jobId, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // A database blip must cost one job (the recovery sweep ends it clearly), never a worker slot.
                    logger.LogError(exception, "Running job {JobId} failed", jobId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; unstarted jobs stay waiting in the database and run after the restart.
        }
    }
}
