using System.Globalization;
using System.Threading.Channels;
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
/// <remarks>
/// Frames notices are sent after the writes they tell of have committed, batched on a connection of their own, and only
/// while another instance listens (<see cref="OtherInstances"/>). PostgreSQL serializes the commits of every transaction
/// that notifies, WAL flush included, under one lock: a notice sent with each reply's end made the ends of all replies on
/// the database commit one at a time even with nobody to hear them (at 100 replies in flight, 8 of 40 samples of the
/// sessions caught a commit waiting for that lock), and on a disk whose flush takes milliseconds it would cap the whole
/// database at a few hundred ending replies a second. A notice lost to a crash between the commit and the send, or sent
/// before a newcomer's hello arrived, costs a stream elsewhere at most one poll (<c>Jobs:PollIntervalMs</c>).
/// </remarks>
internal sealed class JobNotifications(
    DatabaseSettings settings, LiveJobs liveJobs, OtherInstances others, InstanceId instance, ILogger<JobNotifications> logger) : BackgroundService
{
    private const string ChannelName = "kisschat_jobs";
    private const string FramesPrefix = "f:";
    private const string StopPrefix = "s:";
    private const string HelloPrefix = "h:";
    private const string AnswerPrefix = "a:";
    private const int MaxNoticesPerSend = 1000;
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastSendTimeout = TimeSpan.FromSeconds(2);

    private readonly Channel<string> outgoing = Channel.CreateUnbounded<string>(new() { SingleReader = true });
    private volatile bool listening;

    /// <summary>Whether this instance listens on its channel and holds its liveness lock (on SQLite there is none to hold).</summary>
    public bool IsListening => listening;

    /// <summary>
    /// Wakes the streams following these jobs from the database, here and, if there are any, on the other instances. Call
    /// after the commit.
    /// </summary>
    public void FramesChanged(IEnumerable<Guid> jobIds)
    {
        var announce = others.Any;
        foreach (var jobId in jobIds)
        {
            liveJobs.Pulse(jobId);
            if (announce)
            {
                outgoing.Writer.TryWrite(FramesPrefix + jobId);
            }
        }
    }

    public Task NotifyStopAsync(KissChatDbContext db, Guid jobId, CancellationToken cancellationToken) =>
        settings.Provider == DatabaseProvider.Postgres
            ? db.Database.ExecuteSqlAsync($"SELECT pg_notify({ChannelName}, {StopPrefix + jobId})", cancellationToken)
            : Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        // The listener failing otherwise than as expected stops the host: an instance without its lock would have its jobs
        // taken for orphans. The sender never does (a notice it cannot send costs a stream a poll); at a stop its last send
        // is waited for too.
        Task[] loops = [KeepListeningAsync(stoppingToken), SendAsync(stoppingToken)];
        await await Task.WhenAny(loops);
        await Task.WhenAll(loops);
    }

    private async Task KeepListeningAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception exception) when (IsConnectionLost(exception))
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
        await using var connection = new NpgsqlConnection(DedicatedConnectionString());
        connection.Notification += (_, notification) => Receive(notification.Payload);
        await connection.OpenAsync(stoppingToken);
        // The hello commits with the LISTEN, so every answer to it is heard.
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_lock(@key); LISTEN {ChannelName}; SELECT pg_notify('{ChannelName}', @hello)", connection))
        {
            command.Parameters.AddWithValue("key", instance.Key);
            command.Parameters.AddWithValue("hello", HelloPrefix + instance.Key.ToString(CultureInfo.InvariantCulture));
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

    /// <summary>
    /// One statement for every notice waiting, so while one is being sent the next ones gather: the notifying commits of an
    /// instance take turns among themselves instead of queueing with each reply's own.
    /// </summary>
    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var batch = new HashSet<string>(StringComparer.Ordinal);
        NpgsqlConnection? connection = null;
        try
        {
            while (await outgoing.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxNoticesPerSend && outgoing.Reader.TryRead(out var payload))
                {
                    batch.Add(payload);
                }

                try
                {
                    connection ??= await OpenSenderAsync(stoppingToken);
                    await NotifyAsync(connection, batch, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Whatever the cause: a connection the server or its keep-alive closed answers "Connection is not open"
                    // (not a lost connection by its type), and a sender that stopped the host for it took every reply here
                    // down with it. Their streams poll meanwhile; an answer is sent again, or a newcomer would never learn
                    // of this instance.
                    logger.LogWarning(exception, "Could not tell the other instances of {Count} job changes; their streams will poll", batch.Count);
                    await (connection?.DisposeAsync() ?? ValueTask.CompletedTask);
                    connection = null;
                    foreach (var answer in batch.Where(p => p.StartsWith(AnswerPrefix, StringComparison.Ordinal)))
                    {
                        outgoing.Writer.TryWrite(answer);
                    }

                    await Task.Delay(ReconnectDelay, stoppingToken);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the send cancelled may or may not have happened, and telling twice only wakes a stream twice.
        }
        finally
        {
            await (connection?.DisposeAsync() ?? ValueTask.CompletedTask);
        }

        await SendLastAsync(batch);
    }

    /// <summary>
    /// At a stop, which comes after the jobs' drain: the notices of the last replies' ends still go, or their streams on
    /// other instances would wait for a poll. On a connection of its own, as the cancelled send may have left its own broken.
    /// </summary>
    private async Task SendLastAsync(HashSet<string> batch)
    {
        while (outgoing.Reader.TryRead(out var payload))
        {
            batch.Add(payload);
        }

        if (batch.Count == 0)
        {
            return;
        }

        using var due = new CancellationTokenSource(LastSendTimeout);
        try
        {
            await using var connection = await OpenSenderAsync(due.Token);
            foreach (var chunk in batch.Chunk(MaxNoticesPerSend))
            {
                await NotifyAsync(connection, chunk, due.Token);
            }
        }
        catch (Exception exception) when (IsConnectionLost(exception) || exception is OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not tell the other instances of {Count} job changes before stopping; their streams will poll", batch.Count);
        }
    }

    private static async Task NotifyAsync(NpgsqlConnection connection, IEnumerable<string> payloads, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_notify('{ChannelName}', payload) FROM unnest(@payloads) AS payload", connection);
        command.Parameters.AddWithValue("payloads", payloads.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<NpgsqlConnection> OpenSenderAsync(CancellationToken stoppingToken)
    {
        var connection = new NpgsqlConnection(DedicatedConnectionString());
        try
        {
            await connection.OpenAsync(stoppingToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The listening or sending connection failed. A timeout only when Npgsql threw it (<see cref="DatabaseFailure"/>):
    /// another's, as a regex's match timeout, is a bug here, and reconnecting every second would only hide it.
    /// </summary>
    internal static bool IsConnectionLost(Exception exception) =>
        exception is NpgsqlException or IOException || exception is TimeoutException && DatabaseFailure.Is(exception);

    /// <summary>Outside the pool: a busy pool must not hold up the channel, nor the channel take one of its connections.</summary>
    private string DedicatedConnectionString() =>
        new NpgsqlConnectionStringBuilder(settings.ConnectionString) { KeepAlive = 10, Pooling = false }.ConnectionString;

    private void Receive(string payload)
    {
        if (payload.Length <= 2)
        {
            return;
        }

        var prefix = payload.AsSpan(0, 2);
        var rest = payload.AsSpan(2);
        if (prefix is HelloPrefix or AnswerPrefix)
        {
            MeetInstance(prefix is HelloPrefix, rest);
        }
        else if (Guid.TryParse(rest, out var jobId))
        {
            if (prefix is StopPrefix)
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

    /// <summary>Every hello is answered, even one from an instance known here: after a lost connection its hello is how it learns who else is there.</summary>
    private void MeetInstance(bool hello, ReadOnlySpan<char> key)
    {
        if (!long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var other) || other == instance.Key)
        {
            return;
        }

        if (others.Heard(other))
        {
            logger.LogInformation("Another instance ({Key:x16}) listens on this database; job changes are now announced", other);
        }

        if (hello)
        {
            outgoing.Writer.TryWrite(AnswerPrefix + instance.Key.ToString(CultureInfo.InvariantCulture));
        }
    }
}
