using KissChat.Chats.Data;
using KissChat.Chats.Prompt;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Database;

/// <summary>
/// Every reply of a chat longer than what its prompt reads counts the messages a model may read: through the chat's
/// (chat_id, seq) index that visited every row of the chat to test it, so the prompt's query must find the index that
/// holds only those messages (0030). Its filter and the query's must stay the same words for the planner to see it.
/// </summary>
public abstract class PromptedMessagesIndexTests(KissChatServer server)
{
    [Fact]
    public async Task ThePromptsHistoryIsReadThroughTheIndexOfMessagesAModelReads()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var chatId = Guid.NewGuid();
        // The shape of ChatPrompts' count and of its read past hidden messages.
        var prompted = db.Set<ChatMessage>().Where(m => m.ChatId == chatId && m.Seq <= 1000).Where(ModelHistory.Includes).Select(m => m.Seq);

        await using var transaction = await db.Database.BeginTransactionAsync();
        if (db.Database.IsNpgsql())
        {
            // An empty table is read whole unless the planner is told not to; what matters is which index it can use.
            await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off");
        }

        Assert.Contains("ix_chat_messages_prompted", await QueryPlans.OfAsync(db, prompted.CreateDbCommand()));
    }
}

public sealed class PromptedMessagesIndexTestsOnSqlite(SqliteServer server) : PromptedMessagesIndexTests(server), IClassFixture<SqliteServer>;

public sealed class PromptedMessagesIndexTestsOnPostgres(PostgresServer server) : PromptedMessagesIndexTests(server), IClassFixture<PostgresServer>;
