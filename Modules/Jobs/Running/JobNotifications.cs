using System.Runtime.CompilerServices;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KissChat.Jobs.Running;

/// <summary>
/// Instances sharing a PostgreSQL database tell each other about jobs with LISTEN/NOTIFY: a job's stored frames
/// changed (its streams elsewhere read them at once instead of on the next poll), or a stop was asked for a job
/// that runs elsewhere. The listening connection also holds this instance's advisory lock, which PostgreSQL lets go
/// the moment the process dies: that is how the others know its jobs are orphans. On SQLite (one instance by
/// nature) there is nobody to tell.
/// </summary>
internal sealed class JobNotifications(DatabaseSettings settings, LiveJobs liveJobs, InstanceId instance, ILogger<JobNotifications> logger) : BackgroundService
{
    private const string Channel = "kisschat_jobs";
    private const string FramesPrefix = "f:";
    private const string StopPrefix = "s:";
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private volatile bool listening;

    /// <summary>Whether this instance listens on its channel and holds its liveness lock (on SQLite there is none to hold).</summary>
    public bool IsListening => listening;

    /// <summary>
    /// <paramref name="statement"/> followed, on PostgreSQL, by the notice that the job's frames changed, sent in the same
    /// round trip: every reply writes its row twice or more, and a notice of its own was one more round trip each time.
    /// Like any notice, it is delivered only if the transaction commits.
    /// </summary>
    public FormattableString WithFramesNotice(FormattableString statement, Guid jobId) =>
        settings.Provider == DatabaseProvider.Postgres
            ? FormattableStringFactory.Create(
                $"{statement.Format}; SELECT pg_notify({{{statement.ArgumentCount}}}, {{{statement.ArgumentCount + 1}}})",
                [.. statement.GetArguments(), Channel, FramesPrefix + jobId])
            : statement;

    /// <summary>
    /// PostgreSQL only: <paramref name="updateReturningIds"/>, an UPDATE of jobs that returns the <c>"id"</c> of each row it
    /// changed, followed in the same statement by the notice that each of those jobs' frames changed.
    /// </summary>
    public static FormattableString WithFramesNotices(FormattableString updateReturningIds) =>
        FormattableStringFactory.Create(
            $"WITH \"changed\" AS ({updateReturningIds.Format}) SELECT pg_notify({{{updateReturningIds.ArgumentCount}}}, {{{updateReturningIds.ArgumentCount + 1}}} || \"id\") FROM \"changed\"",
            [.. updateReturningIds.GetArguments(), Channel, FramesPrefix]);

    public Task NotifyStopAsync(KissChatDbContext db, Guid jobId, CancellationToken cancellationToken) =>
        settings.Provider == DatabaseProvider.Postgres
            ? db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {StopPrefix + jobId})", cancellationToken)
            : Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (settings.Provider == DatabaseProvider.Postgres && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException)
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
        var connectionString = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { KeepAlive = 10, Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notification += (_, notification) => Receive(notification.Payload);
        await connection.OpenAsync(stoppingToken);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_lock(@key); LISTEN {Channel}", connection))
        {
            command.Parameters.AddWithValue("key", instance.Key);
            await command.ExecuteNonQueryAsync(stoppingToken);
        }

        listening = true;
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
        finally
        {
            listening = false;
        }
    }

    private void Receive(string payload)
    {
        if (payload.Length <= 2 || !Guid.TryParse(payload.AsSpan(2), out var jobId))
        {
            return;
        }

        if (payload.StartsWith(StopPrefix, StringComparison.Ordinal))
        {
            if (liveJobs.TryGet(jobId, out var log))
            {
                log.RequestStop();
            }
        }
        else
        {
            liveJobs.Pulse(jobId);
        }
    }
}
