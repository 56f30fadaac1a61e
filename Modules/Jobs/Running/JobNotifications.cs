using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KissChat.Jobs.Running;

/// <summary>
/// Tells streams on other instances that a job's frames reached the database. On PostgreSQL that is
/// LISTEN/NOTIFY, so a client resuming on another instance gets each batch at once instead of on the next poll;
/// on SQLite (one instance by nature) the in-process pulse already does it.
/// </summary>
internal sealed class JobNotifications(DatabaseSettings settings, LiveJobs liveJobs, ILogger<JobNotifications> logger) : BackgroundService
{
    private const string Channel = "kisschat_job_events";
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    public async Task NotifyAsync(KissChatDbContext db, Guid jobId, CancellationToken cancellationToken)
    {
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {jobId.ToString()})", cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (settings.Provider == DatabaseProvider.Postgres && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or System.IO.IOException or TimeoutException)
            {
                // Streams still poll meanwhile, so a lost connection only slows them down until it is back.
                logger.LogWarning(exception, "Lost the job notification channel; reconnecting");
                liveJobs.PulseAll();
                await Task.Delay(ReconnectDelay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { KeepAlive = 30, Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notification += (_, notification) =>
        {
            if (Guid.TryParse(notification.Payload, out var jobId))
            {
                liveJobs.Pulse(jobId);
            }
        };
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await connection.WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
