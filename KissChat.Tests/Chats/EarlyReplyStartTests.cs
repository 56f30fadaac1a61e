using System.Net;
using KissChat.Jobs.Running;
using KissChat.Kernel.Database;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Chats;

/// <summary>
/// On PostgreSQL a reply to a sent message asks the model while its start's commit travels to the server and its disk;
/// nothing of the reply reaches the browser or the database before that commit, and a start whose commit fails leaves
/// nothing behind. The commit is held in place by a deferred trigger that waits for an advisory lock the test holds.
/// </summary>
public sealed class EarlyReplyStartTests : IAsyncLifetime
{
    private const long CommitGate = 4242;
    private readonly PaidChatServer server = new(TestDatabase.Postgres);

    public Task InitializeAsync() => server.InitializeAsync();

    public Task DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task TheModelIsAskedWhileTheStartCommitsAndTheReplyWaitsForTheCommit()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await HoldCommitsOfAsync("wait for the commit", then: "RETURN NULL;");
        server.ModelServer.Enqueue(ModelScript.Stream(["asked ", "before ", "the commit"]));
        var asked = server.ModelServer.Requests.Count;

        Task<HttpResponseMessage> sending;
        await using (var gate = await CommitGateAsync())
        {
            sending = ChatScenario.SendAsync(user, chatId, "wait for the commit");
            await WaitUntilAsync(() => server.ModelServer.Requests.Count > asked, "the model was never asked while the commit waited");

            // The whole reply may be in by now: none of it is sent before the commit, nor stored.
            await Task.Delay(300);
            Assert.False(sending.IsCompleted);
            Assert.Equal(0, await CountAsync($"""SELECT COUNT(*) AS "Value" FROM "chat_messages" WHERE "content" IN ('wait for the commit', 'asked before the commit')"""));
        }

        using var response = await sending;
        var frames = await Sse.ReadToEndAsync(response);
        Assert.Equal("asked before the commit", ChatScenario.Tokens(frames));
        Assert.Equal("completed", frames[^2].Status);
        Assert.Equal(["user", "assistant"], await RolesAsync(chatId, "wait for the commit", "asked before the commit"));
        Assert.Equal(49, await user.KissCoinsAsync());
    }

    [Fact]
    public async Task AStartWhoseCommitFailsStopsItsReplyAndLeavesNothing()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await HoldCommitsOfAsync("refused at commit", then: "RAISE EXCEPTION 'refused at commit';");
        var left = new TaskCompletionSource();
        server.ModelServer.Enqueue(new UntilLeftScript(left));
        var asked = server.ModelServer.Requests.Count;

        Task<HttpResponseMessage> sending;
        await using (await CommitGateAsync())
        {
            sending = ChatScenario.SendAsync(user, chatId, "refused at commit");
            await WaitUntilAsync(() => server.ModelServer.Requests.Count > asked, "the model was never asked while the commit waited");
        }

        using var response = await sending;
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        // The reply's request to the model is given up, its place freed, and nothing of it written.
        await left.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(() => server.Services.GetRequiredService<LiveJobs>().Count == 0, "the stopped reply never ended");
        Assert.Equal(0, await CountAsync($"""SELECT COUNT(*) AS "Value" FROM "jobs" WHERE "user_id" = {user.Id}"""));
        Assert.Equal(0, await CountAsync($"""SELECT COUNT(*) AS "Value" FROM "chat_messages" WHERE "content" = 'refused at commit'"""));
        Assert.Equal(50, await user.KissCoinsAsync());

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "and now?");
        Assert.Equal("completed", frames[^2].Status);
        Assert.Equal(49, await user.KissCoinsAsync());
    }

    /// <summary>A message with <paramref name="content"/> makes its transaction's commit wait for <see cref="CommitGate"/>, then do <paramref name="then"/>.</summary>
    private Task HoldCommitsOfAsync(string content, string then)
    {
        // A test's own constants, not input: DDL takes no parameters.
        var ddl = $"""
            CREATE FUNCTION at_commit() RETURNS trigger AS $$ BEGIN PERFORM pg_advisory_xact_lock({CommitGate}); {then} END $$ LANGUAGE plpgsql;
            CREATE CONSTRAINT TRIGGER at_commit AFTER INSERT ON chat_messages DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (NEW.content = '{content}') EXECUTE FUNCTION at_commit();
            """;
        return ExecuteAsync(db => db.Database.ExecuteSqlRawAsync(ddl));
    }

    /// <summary>Holds <see cref="CommitGate"/> on a connection of its own until disposed.</summary>
    private async Task<IAsyncDisposable> CommitGateAsync()
    {
        var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({CommitGate})");
        return new Gate(async () =>
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({CommitGate})");
            await db.Database.CloseConnectionAsync();
            await scope.DisposeAsync();
        });
    }

    private async Task<List<string>> RolesAsync(Guid chatId, params string[] contents) =>
        await ExecuteAsync(db => db.Database.SqlQuery<string>(
            $"""SELECT "role" AS "Value" FROM "chat_messages" WHERE "chat_id" = {chatId} AND "content" = ANY({contents}) ORDER BY "seq" """).ToListAsync());

    private Task<int> CountAsync(FormattableString sql) => ExecuteAsync(db => db.Database.SqlQuery<int>(sql).SingleAsync());

    private Task<T> ExecuteAsync<T>(Func<KissChatDbContext, Task<T>> work) =>
        server.Services.GetRequiredService<IServiceScopeFactory>().WithDatabaseAsync(work);


    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        for (var attempt = 0; attempt < 200 && !condition(); attempt++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), failure);
    }

    private sealed class Gate(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }

    /// <summary>Answers nothing until the client leaves, and says when it did.</summary>
    private sealed record UntilLeftScript(TaskCompletionSource Left) : ModelScript
    {
        public override async Task RunAsync(HttpContext context, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Left.TrySetResult();
            }
        }
    }
}
