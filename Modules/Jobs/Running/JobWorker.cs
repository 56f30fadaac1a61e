using Microsoft.Extensions.Hosting;

namespace KissChat.Jobs.Running;

/// <summary>Runs up to <c>Jobs:Concurrency</c> jobs at once, in the background of the web process.</summary>
internal sealed class JobWorker(JobQueue queue, JobRunner runner, JobsOptions options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => ConsumeAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var jobId in queue.ReadAllAsync(stoppingToken))
            {
                await runner.RunAsync(jobId, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; unstarted jobs stay waiting in the database and run after the restart.
        }
    }
}
