using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Jobs.Running;
using KissChat.Kernel.Database;
using KissChat.Kernel.Identity;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Jobs;

/// <summary>
/// The once-a-second checkpoint writes the text of the jobs that still run here, and only theirs; on PostgreSQL it does so
/// in one statement that neither waits for nor holds up a job whose end is being stored.
/// </summary>
public abstract class CheckpointRowsTests(KissChatServer server)
{
    protected const string Here = "checkpoint-test-here";

    [Fact]
    public async Task SavesTheJobsStillRunningHereAndLeavesEndedOrOtherInstancesJobsAlone()
    {
        var running = await AddJobAsync(JobStatus.Active, Here);
        var waiting = await AddJobAsync(JobStatus.Waiting, Here);
        var ended = await AddJobAsync(JobStatus.Completed, Here);
        var elsewhere = await AddJobAsync(JobStatus.Active, "checkpoint-test-elsewhere");

        await SaveAsync([running, waiting, ended, elsewhere], notStarted: waiting);

        foreach (var saved in new[] { running, waiting })
        {
            var job = await JobAsync(saved);
            Assert.Equal((JobStatus.Active, TextOf(saved), "2,3", 2, 40), (job.Status, job.Text, job.TokenLengths, job.Tokens, job.Progress));
            Assert.Equal(saved == waiting ? null : StartOf(saved), job.StartedAt);
        }

        foreach (var untouched in new[] { ended, elsewhere })
        {
            Assert.Null((await JobAsync(untouched)).Text);
        }
    }

    protected async Task<Guid> AddJobAsync(string status, string lockedBy)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = new AppUser { Id = Guid.CreateVersion7(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant() };
        var job = new Job { Id = Guid.CreateVersion7(), UserId = user.Id, Kind = "checkpoint-test", Status = status, Payload = "{}", LockedBy = lockedBy, CreatedAt = DateTime.UtcNow };
        db.AddRange(user, job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    /// <param name="notStarted">A job whose checkpoint has no start yet.</param>
    /// <param name="inTransaction">Runs in the checkpoint's transaction before it writes.</param>
    protected async Task SaveAsync(Guid[] jobIds, Guid? notStarted = null, string? inTransaction = null)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        await using var write = await db.BeginWriteAsync(CancellationToken.None);
        if (inTransaction is not null)
        {
            await db.Database.ExecuteSqlRawAsync(inTransaction);
        }

        var due = jobIds.Select(id => (id, new Checkpoint(id == notStarted ? null : StartOf(id), TextOf(id), "2,3", 2, 40))).ToList();
        await RunningJobRows.SaveCheckpointsAsync(db, scope.ServiceProvider.GetRequiredService<DatabaseSettings>().Provider, Here, due);
        await write.CommitAsync(CancellationToken.None);
    }

    private protected async Task<Job> JobAsync(Guid id)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KissChatDbContext>().Set<Job>().AsNoTracking().SingleAsync(j => j.Id == id);
    }

    /// <summary>Each job's own text and start, so a row given another job's checkpoint would show it.</summary>
    private static string TextOf(Guid id) => $"hi {id:N}";

    private static DateTime StartOf(Guid id) => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(id.GetHashCode() & 0xFFFF);
}

public sealed class CheckpointRowsTestsOnSqlite(SqliteServer server) : CheckpointRowsTests(server), IClassFixture<SqliteServer>;

public sealed class CheckpointRowsTestsOnPostgres(PostgresServer server) : CheckpointRowsTests(server), IClassFixture<PostgresServer>
{
    [Fact]
    public async Task PassesOverAJobWhoseRowAnotherTransactionHolds()
    {
        var held = await AddJobAsync(JobStatus.Active, Here);
        var free = await AddJobAsync(JobStatus.Active, Here);
        var connectionString = server.Services.GetRequiredService<DatabaseSettings>().ConnectionString;

        // As a job's end does: its row stays locked until that transaction ends, here only after the checkpoint.
        await using var ending = await OwnConnection.OpenAsync(connectionString, "BEGIN");
        await ending.ExecuteAsync($"UPDATE jobs SET progress = 99 WHERE id = '{held}'");

        // Were the held row waited for, the checkpoint would fail here rather than hang the test.
        await SaveAsync([held, free], inTransaction: "SET LOCAL lock_timeout = '5s'");

        Assert.Null((await JobAsync(held)).Text);
        Assert.NotNull((await JobAsync(free)).Text);
    }
}
