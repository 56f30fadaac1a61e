using KissChat.Jobs.Running;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Chats;

public class NoRetentionServer(TestDatabase database) : ChatServer(database)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("Jobs:ReplayRetentionHours", "0")];
}

public sealed class SqliteNoRetentionServer() : NoRetentionServer(TestDatabase.Sqlite);

public sealed class PostgresNoRetentionServer() : NoRetentionServer(TestDatabase.Postgres);

public abstract class FrameRetentionTests(NoRetentionServer server)
{
    [Fact]
    public async Task OldReplayTextIsPrunedYetTheReplayStillEndsWithTheWholeReplyUnderItsOwnId()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var original = await ChatScenario.SendAndReadAsync(user, chatId, "remember this");
        var jobId = ChatScenario.JobId(original);

        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PruneReplayText>().Invoke();
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            var text = await db.Database.SqlQuery<string?>($"SELECT text AS \"Value\" FROM jobs WHERE id = {jobId}").SingleAsync();
            Assert.Null(text);
        }

        var replay = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{jobId}"));
        Assert.Equal(["connected", "processing", "completed"], replay.SkipLast(1).Select(f => f.Status));
        Assert.Equal(original[^2].Json.GetProperty("response").GetString(), replay[^2].Json.GetProperty("response").GetString());
        Assert.Equal(original[^1].Id, replay[^1].Id);
    }

    [Fact]
    public async Task LaterPrunesReadOnlyJobsBegunSinceADayBeforeTheLastOne()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var older = ChatScenario.JobId(await ChatScenario.SendAndReadAsync(user, chatId, "first"));
        await PruneAsync();
        // Made to look begun three days ago and still holding its text: a pass bounded to the last day does not see it.
        await Scopes.WithDatabaseAsync(db => db.Database.ExecuteSqlAsync($"UPDATE jobs SET text = 'kept', created_at = {DateTime.UtcNow.AddDays(-3)} WHERE id = {older}"));
        var newer = ChatScenario.JobId(await ChatScenario.SendAndReadAsync(user, chatId, "second"));

        await PruneAsync();

        Assert.Null(await TextAsync(newer));
        Assert.Equal("kept", await TextAsync(older));
    }

    private IServiceScopeFactory Scopes => server.Services.GetRequiredService<IServiceScopeFactory>();

    private async Task PruneAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PruneReplayText>().Invoke();
    }

    private Task<string?> TextAsync(Guid jobId) =>
        Scopes.WithDatabaseAsync(db => db.Database.SqlQuery<string?>($"SELECT text AS \"Value\" FROM jobs WHERE id = {jobId}").SingleAsync());
}

public sealed class FrameRetentionTestsOnSqlite(SqliteNoRetentionServer server) : FrameRetentionTests(server), IClassFixture<SqliteNoRetentionServer>;

public sealed class FrameRetentionTestsOnPostgres(PostgresNoRetentionServer server) : FrameRetentionTests(server), IClassFixture<PostgresNoRetentionServer>;
