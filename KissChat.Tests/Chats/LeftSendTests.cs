using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Kernel.Database;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Chats;

/// <summary>
/// A send the server has read is stored and answered even when its client leaves before the first frame (a tab closed
/// right after sending); one the chat refuses still stores nothing. The start is held where it waits to write (SQLite's
/// write turn, PostgreSQL's lock on the chat) until the client has gone.
/// </summary>
public abstract class LeftSendTests(ChatServer server)
{
    [Fact]
    public async Task ASendWhoseClientLeavesBeforeItIsStoredIsStoredAndAnswered()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        server.ModelServer.Enqueue(ModelScript.Stream(["answered ", "all the same"]));

        await SendAndLeaveAsync(user, chatId, "sent, then the tab closed");

        var messages = await Eventually.ValueAsync(() => MessagesAsync(user, chatId), m => m.Count == 3);
        Assert.Equal(
            [("user", "sent, then the tab closed"), ("assistant", "answered all the same")],
            messages.Skip(1).Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())));
    }

    [Fact]
    public async Task ASendRefusedAfterItsClientLeftStoresNothing()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        server.ModelServer.Enqueue(ModelScript.Stream(["busy"], hold: new StreamHold(0, release.Task)));
        using var running = await ChatScenario.SendAsync(user, chatId, "first");

        await SendAndLeaveAsync(user, chatId, "refused, and nobody there");
        // Starts take turns in the order they came: this one is answered after the one that left was refused.
        await (await ChatScenario.SendAsync(user, chatId, "refused too")).AssertProblemAsync(HttpStatusCode.Conflict);
        release.SetResult();
        await Sse.ReadToEndAsync(running);

        Assert.Equal(["first", "busy"], (await MessagesAsync(user, chatId)).Skip(1).Select(m => m.GetProperty("content").GetString()));
    }

    /// <summary>Sends, and closes the connection once the start waits to write; lets the start on once the server has seen it go.</summary>
    private async Task SendAndLeaveAsync(TestUser user, Guid chatId, string prompt)
    {
        await using (await HoldStartsAsync(chatId))
        {
            using var leave = new CancellationTokenSource();
            var sending = user.Client.PostAsJsonAsync("/api/v1/chat/response", new { chat_id = chatId, prompt }, leave.Token);
            Assert.True(await Eventually.ValueAsync(StartWaitsAsync, waits => waits), "the send never reached its write");
            await leave.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
            // Loopback: the server sees the connection close within moments.
            await Task.Delay(500);
        }
    }

    /// <summary>Holds where a reply's start waits to write: the write turn on SQLite, the chat's lock on PostgreSQL.</summary>
    private async Task<IAsyncDisposable> HoldStartsAsync(Guid chatId)
    {
        if (server.Database == TestDatabase.Sqlite)
        {
            return new HeldTurn(await server.Services.GetRequiredService<WriteGate>().EnterAsync(CancellationToken.None));
        }

        // The key the start locks the chat with (TransactionLocks).
        var key = BitConverter.ToInt64(chatId.ToByteArray(), 8);
        return await OwnConnection.OpenAsync(server.PostgresConnectionString, $"SELECT pg_advisory_lock({key})");
    }

    private async Task<bool> StartWaitsAsync()
    {
        if (server.Database == TestDatabase.Sqlite)
        {
            return server.Services.GetRequiredService<WriteGate>().Waiting > 0;
        }

        return await server.Services.GetRequiredService<IServiceScopeFactory>().WithDatabaseAsync(db => db.Database.SqlQuery<int>(
            $"""SELECT COUNT(*)::int AS "Value" FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""").SingleAsync()) > 0;
    }

    private static Task<List<JsonElement>> MessagesAsync(TestUser user, Guid chatId) => ChatTransferTests.MessagesAsync(user, chatId);

    private sealed class HeldTurn(IDisposable turn) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            turn.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

public sealed class LeftSendTestsOnSqlite(SqliteChatServer server) : LeftSendTests(server), IClassFixture<SqliteChatServer>;

public sealed class LeftSendTestsOnPostgres(PostgresChatServer server) : LeftSendTests(server), IClassFixture<PostgresChatServer>;
