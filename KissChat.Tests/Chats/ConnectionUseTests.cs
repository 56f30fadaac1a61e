using System.Data;
using KissChat.Chats;
using KissChat.Chats.Prompt;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Chats;

/// <summary>
/// A reply's steps that read several times in a row take one pooled connection for all of it, not one checkout from the
/// pool per query.
/// </summary>
public abstract class ConnectionUseTests(ChatServer server)
{
    /// <summary>On SQLite a change gives its connection back while it waits for the process's write turn.</summary>
    protected abstract int ConnectionsPerChange { get; }

    [Fact]
    public async Task APromptIsReadOnOneConnection()
    {
        var (user, chatId) = await ChatWithHistoryAsync();
        await using var scope = server.Services.CreateAsyncScope();
        using var openings = new ConnectionOpenings(scope.ServiceProvider.GetRequiredService<KissChatDbContext>());

        var prompt = await scope.ServiceProvider.GetRequiredService<ChatPrompts>().BuildAsync(new PromptRequest(chatId, user.Id), CancellationToken.None);

        Assert.NotNull(prompt);
        Assert.Contains(prompt.Messages, m => m.Text == "the second turn");
        Assert.Equal(1, openings.Count);
    }

    [Fact]
    public async Task AChatIsFoundAndChangedOnAsFewConnectionsAsTheDatabaseAllows()
    {
        var (user, chatId) = await ChatWithHistoryAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        using var openings = new ConnectionOpenings(db);

        var refused = await scope.ServiceProvider.GetRequiredService<ChatWrites>().ChangeAsync(chatId, user.Id, chat =>
        {
            chat.Title = "Renamed on one connection";
            return Task.FromResult<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?>(null);
        }, CancellationToken.None);

        Assert.Null(refused);
        Assert.Equal(ConnectionsPerChange, openings.Count);
        Assert.Equal("Renamed on one connection", (await db.Set<KissChat.Chats.Data.Chat>().AsNoTracking().SingleAsync(c => c.Id == chatId)).Title);
    }

    private async Task<(TestUser User, Guid ChatId)> ChatWithHistoryAsync()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "the first turn");
        await ChatScenario.SendAndReadAsync(user, chatId, "the second turn");
        return (user, chatId);
    }

    /// <summary>How often a context's connection is opened while this counts (the context is pooled: it stops counting after).</summary>
    private sealed class ConnectionOpenings : IDisposable
    {
        private readonly System.Data.Common.DbConnection connection;

        public ConnectionOpenings(KissChatDbContext db)
        {
            connection = db.Database.GetDbConnection();
            connection.StateChange += Counted;
        }

        public int Count { get; private set; }

        public void Dispose() => connection.StateChange -= Counted;

        private void Counted(object? sender, StateChangeEventArgs change) => Count += change.CurrentState == ConnectionState.Open ? 1 : 0;
    }
}

public sealed class ConnectionUseTestsOnSqlite(SqliteChatServer server) : ConnectionUseTests(server), IClassFixture<SqliteChatServer>
{
    protected override int ConnectionsPerChange => 2;
}

public sealed class ConnectionUseTestsOnPostgres(PostgresChatServer server) : ConnectionUseTests(server), IClassFixture<PostgresChatServer>
{
    protected override int ConnectionsPerChange => 1;
}
