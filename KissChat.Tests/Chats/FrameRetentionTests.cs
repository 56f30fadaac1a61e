using KissChat.Jobs.Running;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KissChat.Tests.Chats;

public class NoRetentionServer(TestDatabase database) : ChatServer(database)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("Jobs:TokenFrameRetentionHours", "0"), new("Jobs:SweepIntervalSeconds", "3600")];
}

public sealed class SqliteNoRetentionServer() : NoRetentionServer(TestDatabase.Sqlite);

public sealed class PostgresNoRetentionServer() : NoRetentionServer(TestDatabase.Postgres);

public abstract class FrameRetentionTests(NoRetentionServer server)
{
    [Fact]
    public async Task OldTokenFramesArePrunedYetTheReplayStillEndsWithTheWholeReply()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var original = await ChatScenario.SendAndReadAsync(user, chatId, "remember this");
        var jobId = ChatScenario.JobId(original);

        await server.Services.GetServices<IHostedService>().OfType<JobRecovery>().Single().SweepAsync(CancellationToken.None);

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            var types = await db.Database.SqlQuery<string>($"SELECT type AS \"Value\" FROM job_events WHERE job_id = {jobId} ORDER BY seq").ToListAsync();
            Assert.Equal(["connected", "processing", "completed"], types);
        }

        var replay = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{jobId}"));
        Assert.Equal(["connected", "processing", "completed"], replay.SkipLast(1).Select(f => f.Status));
        Assert.Equal(original[^2].Json.GetProperty("response").GetString(), replay[^2].Json.GetProperty("response").GetString());
        Assert.Equal(original[^1].Id, replay[^1].Id);
    }
}

public sealed class FrameRetentionTestsOnSqlite(SqliteNoRetentionServer server) : FrameRetentionTests(server), IClassFixture<SqliteNoRetentionServer>;

public sealed class FrameRetentionTestsOnPostgres(PostgresNoRetentionServer server) : FrameRetentionTests(server), IClassFixture<PostgresNoRetentionServer>;
