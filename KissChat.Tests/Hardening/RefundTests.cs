using System.Net;
using KissChat.Tests.Chats;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hardening;

/// <summary>Paid replies with a single worker, so a second reply has to wait in the queue.</summary>
public class OneWorkerPaidServer(TestDatabase database) : LimitedServer(database)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [.. base.Settings(), new("Jobs:Concurrency", "1")];
}

public sealed class SqliteOneWorkerPaidServer() : OneWorkerPaidServer(TestDatabase.Sqlite);

public sealed class PostgresOneWorkerPaidServer() : OneWorkerPaidServer(TestDatabase.Postgres);

public abstract class RefundTests(OneWorkerPaidServer server)
{
    [Fact]
    public async Task AReplyStoppedBeforeItStartedIsRefunded()
    {
        var busy = await TestUser.SignUpAsync(server);
        var waiting = await TestUser.SignUpAsync(server);
        var release = new TaskCompletionSource();
        server.ModelServer.Enqueue(ModelScript.Stream(["holding the only worker"], hold: new StreamHold(0, release.Task)));
        using var running = await ChatScenario.SendAsync(busy, await ChatScenario.NewChatAsync(busy), "take the worker");
        await Sse.ReadAsync(running).Take(2).ToListAsync();

        using var queued = await ChatScenario.SendAsync(waiting, await ChatScenario.NewChatAsync(waiting), "wait in line");
        var jobId = ChatScenario.JobId(await Sse.ReadAsync(queued).Take(1).ToListAsync());
        Assert.Equal(30, await waiting.KissCoinsAsync());

        await (await waiting.Client.PostAsync($"/api/v1/chat/stop/{jobId}", null)).AssertOkJsonAsync(HttpStatusCode.Accepted);
        release.SetResult();

        Assert.Equal("stopped", (await ChatScenario.WaitForJobAsync(waiting, jobId)).GetProperty("status").GetString());
        Assert.Equal(50, await waiting.KissCoinsAsync());
    }

    /// <summary>What streamed before the provider failed is kept for the user, who is not charged for a reply that failed.</summary>
    [Fact]
    public async Task AReplyCutOffByItsProviderKeepsItsTextAndIsRefunded()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        server.ModelServer.Enqueue(ModelScript.CutAfter(["half a ", "reply"]));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "tell me everything");

        Assert.Equal(("failed", "half a reply"), (frames[^2].Status, frames[^2].Json.GetProperty("response").GetString()));
        Assert.Equal("half a reply", (await ChatTransferTests.MessagesAsync(user, chatId))[^1].GetProperty("content").GetString());
        Assert.Equal(50, await user.KissCoinsAsync());
    }
}

public sealed class RefundTestsOnSqlite(SqliteOneWorkerPaidServer server) : RefundTests(server), IClassFixture<SqliteOneWorkerPaidServer>;

public sealed class RefundTestsOnPostgres(PostgresOneWorkerPaidServer server) : RefundTests(server), IClassFixture<PostgresOneWorkerPaidServer>;
