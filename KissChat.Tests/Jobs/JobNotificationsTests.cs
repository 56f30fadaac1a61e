using System.Text.RegularExpressions;
using KissChat.Jobs;
using KissChat.Jobs.Running;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace KissChat.Tests.Jobs;

/// <summary>
/// On PostgreSQL an instance announces that a job's frames changed only while another instance listens on the job
/// channel: one that says hello is answered and told from then on, as is one that answers; the orphan sweep forgets one
/// whose lock is gone; the notices queued as an instance stops still go; a sender whose connection was closed under it
/// opens another.
/// </summary>
public sealed class JobNotificationsTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private const long OtherKey = 0x5EED_0000_0001;
    private static readonly string Hello = $"h:{OtherKey}";
    private static readonly string Answer = $"a:{OtherKey}";
    private static readonly string PasserByHello = $"h:{OtherKey + 1}";

    [Fact]
    public async Task JobChangesAreAnnouncedOnlyWhileAnotherInstanceListens()
    {
        var notifications = server.Services.GetRequiredService<JobNotifications>();
        var answer = AnswerOf(server);
        var (other, notices) = await ListenBesideAsync(server);
        await using var _ = other;
        Guid alone = Guid.NewGuid(), met = Guid.NewGuid(), left = Guid.NewGuid(), back = Guid.NewGuid();

        notifications.FramesChanged([alone]);
        await other.ExecuteAsync($"NOTIFY kisschat_jobs, '{Hello}'");
        await WaitForAsync(other, notices, answer, times: 1);
        notifications.FramesChanged([met]);
        await WaitForAsync(other, notices, $"f:{met}", times: 1);

        await other.ExecuteAsync($"SELECT pg_advisory_unlock({OtherKey})");
        await SweepAsync();

        notifications.FramesChanged([left]);
        await other.ExecuteAsync($"SELECT pg_advisory_lock({OtherKey}); NOTIFY kisschat_jobs, '{Hello}'");
        await WaitForAsync(other, notices, answer, times: 2);

        // An answer, as to the server's own hello, makes the other known too. The server hears notices in order, so its
        // answer to a passer-by's hello sent next says it has heard the answer; the passer-by holds no lock, and the sweep
        // forgets it again, so only the answer can have kept the other known.
        await other.ExecuteAsync($"SELECT pg_advisory_unlock({OtherKey})");
        await SweepAsync();
        await other.ExecuteAsync($"SELECT pg_advisory_lock({OtherKey}); NOTIFY kisschat_jobs, '{Answer}'; NOTIFY kisschat_jobs, '{PasserByHello}'");
        await WaitForAsync(other, notices, answer, times: 3);
        await SweepAsync();
        notifications.FramesChanged([back]);
        await WaitForAsync(other, notices, $"f:{back}", times: 1);

        // The server sends its notices in the order they were asked for, so a job's notice sent while it believed itself
        // alone, or after the other had left, would come before an answer or before the last job's.
        Assert.Equal([Hello, answer, $"f:{met}", Hello, answer, Answer, PasserByHello, answer, $"f:{back}"], notices);
    }

    [Fact]
    public async Task ChangesQueuedAsTheInstanceStopsAreStillAnnounced()
    {
        var stopping = new PostgresServer();
        await stopping.InitializeAsync();
        try
        {
            var (other, notices) = await ListenBesideAsync(stopping);
            await using var _ = other;
            await other.ExecuteAsync($"NOTIFY kisschat_jobs, '{Hello}'");
            await WaitForAsync(other, notices, AnswerOf(stopping), times: 1);

            // As a reply ended by the drain does, just before the host stops the notifications after the drain.
            var notifications = stopping.Services.GetRequiredService<JobNotifications>();
            var last = Guid.NewGuid();
            notifications.FramesChanged([last]);
            await notifications.StopAsync(CancellationToken.None);

            await WaitForAsync(other, notices, $"f:{last}", times: 1);
        }
        finally
        {
            await stopping.DisposeAsync();
        }
    }

    /// <summary>
    /// After a PostgreSQL restart, the sender's connection is closed by its keep-alive (every 10 s) before the next notice:
    /// sending on it throws "Connection is not open", which stopped the host with every reply on it.
    /// </summary>
    [Fact]
    public async Task ASenderConnectionClosedUnderItIsOpenedAgain()
    {
        var restarted = new PostgresServer();
        await restarted.InitializeAsync();
        try
        {
            var (other, notices) = await ListenBesideAsync(restarted);
            await using var _ = other;
            await other.ExecuteAsync($"NOTIFY kisschat_jobs, '{Hello}'");
            await WaitForAsync(other, notices, AnswerOf(restarted), times: 1);

            await other.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%FROM unnest(%' AND pid <> pg_backend_pid()");
            // Past the sender's keep-alive, which finds the connection gone and closes it.
            await Task.Delay(TimeSpan.FromSeconds(12));
            // The notices of the send that finds the connection closed are lost (their streams poll); the next ones go.
            var notifications = restarted.Services.GetRequiredService<JobNotifications>();
            var job = Guid.NewGuid();
            for (var attempt = 0; attempt < 20 && !notices.Contains($"f:{job}"); attempt++)
            {
                notifications.FramesChanged([job]);
                await other.WaitAsync(500);
            }

            Assert.Contains($"f:{job}", notices);
            Assert.False(restarted.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }

    /// <summary>
    /// The listener reconnects when its session is gone, but a timeout that is not Npgsql's is a fault there, as it is for
    /// <see cref="DatabaseFailure"/>: taken for a lost connection, it was logged and retried every second for good. Thrown
    /// on the listener's path only by a bug, so the filter is asked directly.
    /// </summary>
    [Fact]
    public async Task OnlyTheConnectionsOwnFailuresCountAsItsLoss()
    {
        var connectionString = server.Services.GetRequiredService<DatabaseSettings>().ConnectionString;
        await using var listener = await OwnConnection.OpenAsync(connectionString, "LISTEN kisschat_lost_test");
        await (await OwnConnection.OpenAsync(connectionString, $"SELECT pg_terminate_backend({listener.ProcessID})")).DisposeAsync();

        var ended = await Assert.ThrowsAnyAsync<Exception>(() => listener.WaitAsync());
        var regexTimeout = Assert.Throws<RegexMatchTimeoutException>(
            () => Regex.IsMatch(new string('a', 40) + "!", "^(a+)+$", RegexOptions.None, TimeSpan.FromMilliseconds(1)));

        Assert.True(JobNotifications.IsConnectionLost(ended));
        Assert.False(JobNotifications.IsConnectionLost(regexTimeout));
    }

    private static string AnswerOf(KissChatServer instance) => $"a:{instance.Services.GetRequiredService<InstanceId>().Key}";

    /// <summary>A session of the test's own that holds the other instance's lock and listens, once the server listens.</summary>
    private static async Task<(NpgsqlConnection Other, List<string> Notices)> ListenBesideAsync(KissChatServer instance)
    {
        // The server's own hello, sent once it listens, must come before this session listens, or the list would begin with it.
        var notifications = instance.Services.GetRequiredService<JobNotifications>();
        using (var listening = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (!notifications.IsListening)
            {
                await Task.Delay(20, listening.Token);
            }
        }

        var other = await OwnConnection.OpenAsync(
            instance.Services.GetRequiredService<DatabaseSettings>().ConnectionString, $"SELECT pg_advisory_lock({OtherKey}); LISTEN kisschat_jobs");
        var notices = new List<string>();
        other.Notification += (_, notice) => notices.Add(notice.Payload);
        return (other, notices);
    }

    private async Task SweepAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RecoverOrphanedJobs>().Invoke();
    }

    private static async Task WaitForAsync(NpgsqlConnection listener, List<string> notices, string notice, int times)
    {
        using var due = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (notices.Count(n => n == notice) < times)
        {
            await listener.WaitAsync(due.Token);
        }
    }
}
