using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Jobs;

/// <summary>
/// A completed job whose result its handler cannot expand (a bug in the expansion, not the database) still ends as stored:
/// the runner gives its listeners no final frame, as when the database fails there, and they read the end from its row.
/// </summary>
public abstract class UnexpandableResultTests(KissChatServer server)
{
    [Fact]
    public async Task AnExpansionThatThrowsLeavesTheEndStoredAndItsListenersReadItFromTheRow()
    {
        var user = await TestUser.SignUpAsync(server);
        var job = await StartAsync(user.Id);

        var frames = await FramesAsync(job);

        var row = await JobAsync(job.Id);
        Assert.Equal((JobStatus.Completed, (string?)null), (row.Status, row.Error));
        Assert.Equal("hello", (string?)JsonNode.Parse(row.Result!)!["response"]);
        // Not a completed frame the finisher made: the row's end, which the expansion fails on again.
        Assert.Equal(
            (JobStatus.Failed, JobStreamReader.UnreadableError),
            ((string?)frames[^1]["status"], (string?)frames[^1]["error"]));
    }

    /// <summary>Stored and queued as a module starts its jobs: the row with the write's commit, the run after it.</summary>
    private async Task<JobInfo> StartAsync(Guid userId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var jobs = scope.ServiceProvider.GetRequiredService<IJobs>();
        JobInfo job;
        await using (var write = await db.BeginWriteAsync(CancellationToken.None))
        {
            job = jobs.Add(new NewJob(UnexpandableHandler.Kind, userId, null, "{}"));
            await write.CommitAsync(CancellationToken.None);
        }

        jobs.Enqueue(job);
        return job;
    }

    private async Task<List<JsonNode>> FramesAsync(JobInfo job)
    {
        using var due = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var frames = new List<JsonNode>();
        await foreach (var item in server.Services.GetRequiredService<IJobStreams>().ReadAsync(job, 0, null, due.Token))
        {
            if (item.Kind == JobStreamItemKind.Frame)
            {
                frames.Add(JsonNode.Parse(item.Data.Span)!);
            }
        }

        return frames;
    }

    private async Task<Job> JobAsync(Guid id)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KissChatDbContext>().Set<Job>().AsNoTracking().SingleAsync(j => j.Id == id);
    }
}

/// <summary>A server that also runs <see cref="UnexpandableHandler"/>'s jobs.</summary>
public abstract class UnexpandableJobServer(TestDatabase database) : KissChatServer(database)
{
    protected override void ReplaceServices(IServiceCollection services) => services.AddJobHandler<UnexpandableHandler>(UnexpandableHandler.Kind);
}

/// <summary>Completes with its result as given; its expansion fails as a stored result it cannot read would.</summary>
internal sealed class UnexpandableHandler : IJobHandler
{
    public const string Kind = "unexpandable-test";

    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken) =>
        Task.FromResult(JobOutcome.Completed(new JsonObject { ["response"] = "hello" }));

    public Task<JsonObject> ExpandResultAsync(JobInfo job, JsonObject storedResult, CancellationToken cancellationToken) =>
        throw new JsonException("The stored result has no history to expand.");

    public Task AbandonedAsync(JobInfo job, CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class SqliteServerWithUnexpandableJobs() : UnexpandableJobServer(TestDatabase.Sqlite);

public sealed class PostgresServerWithUnexpandableJobs() : UnexpandableJobServer(TestDatabase.Postgres);

public sealed class UnexpandableResultTestsOnSqlite(SqliteServerWithUnexpandableJobs server) : UnexpandableResultTests(server), IClassFixture<SqliteServerWithUnexpandableJobs>;

public sealed class UnexpandableResultTestsOnPostgres(PostgresServerWithUnexpandableJobs server) : UnexpandableResultTests(server), IClassFixture<PostgresServerWithUnexpandableJobs>;
