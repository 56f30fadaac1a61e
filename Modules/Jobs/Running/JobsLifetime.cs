using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KissChat.Jobs.Running;

/// <summary>
/// At start-up, publishes the job gauges and ends what a previous run of the server left unfinished (on SQLite at once). When the server stops,
/// waits until the jobs running here have ended — finished within the drain time, or failed after it with their
/// final frame sent and the job row saying so — before the host goes on to close the connections.
/// </summary>
internal sealed class JobsLifetime(IServiceScopeFactory scopes, LiveJobs liveJobs, JobsOptions options, JobTelemetry telemetry) : IHostedService
{
    private static readonly TimeSpan AfterDrain = TimeSpan.FromSeconds(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        telemetry.ObserveGauges();
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RecoverOrphanedJobs>().Invoke();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.ShutdownDrain + AfterDrain;
        while (liveJobs.Count > 0 && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
