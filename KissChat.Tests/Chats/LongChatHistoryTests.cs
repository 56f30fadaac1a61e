using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>A server whose prompts read only the newest three messages, so that a short chat is already "long".</summary>
public class ShortHistoryLoadServer(TestDatabase database) : ChatServer(database)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("Chats:HistoryLoadLimit", "3")];
}

public sealed class SqliteShortHistoryLoadServer() : ShortHistoryLoadServer(TestDatabase.Sqlite);

public sealed class PostgresShortHistoryLoadServer() : ShortHistoryLoadServer(TestDatabase.Postgres);

/// <summary>
/// A reply reuses what its prompt read: the position of the newest message and, for a chat read whole, the messages
/// for the completed frame. A chat longer than the prompt reads must come out the same as a short one.
/// </summary>
public abstract class LongChatHistoryTests(ShortHistoryLoadServer server)
{
    [Fact]
    public async Task AChatLongerThanItsPromptReadsGetsItsWholeHistoryWithEachReplyAfterItsMessage()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        string[] prompts = ["one", "two", "three", "four"];

        List<SseFrame> frames = [];
        foreach (var prompt in prompts)
        {
            frames = await ChatScenario.SendAndReadAsync(user, chatId, prompt);
        }

        var history = frames[^2].Json.GetProperty("chatHistory").EnumerateArray().ToList();
        var stored = await ChatTransferTests.MessagesAsync(user, chatId);
        Assert.Equal(9, history.Count);
        Assert.Equal(Enumerable.Range(0, 9).Select(i => i % 2 == 0 ? "assistant" : "user"), history.Select(h => h.GetProperty("role").GetString()));
        Assert.Equal(prompts, history.Where(h => h.GetProperty("role").GetString() == "user").Select(h => h.GetProperty("content").GetString()));
        Assert.Equal(history.Select(h => (h.GetProperty("role").GetString(), h.GetProperty("content").GetString())), stored.Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())));
    }

    [Fact]
    public async Task AReplyToASentMessageSendsWhatTheStoredChatGivesWhenOnlyItsNewestMessagesAreRead()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        foreach (var prompt in (string[])["one", "two", "three"])
        {
            await ChatScenario.SendAndReadAsync(user, chatId, prompt);
        }

        await ChatScenario.SendAndReadAsync(user, chatId, "four");
        var sent = server.ModelServer.Requests[^1];
        // A regeneration reads the stored chat up to the same message.
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));

        Assert.Equal(server.ModelServer.Requests[^1].Messages, sent.Messages);
        Assert.Equal(["three", "four"], sent.Messages.Where(m => m.Role == "user").Select(m => m.Content));
    }

    [Fact]
    public async Task HiddenMessagesDoNotTakeThePlacesOfOlderOnesThePromptHasRoomFor()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        foreach (var prompt in (string[])["one", "two", "three"])
        {
            await ChatScenario.SendAndReadAsync(user, chatId, prompt);
        }

        foreach (var message in (await ChatTransferTests.MessagesAsync(user, chatId))[^2..])
        {
            await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{message.GetProperty("id").GetGuid()}", new { hidden = true })).AssertOkJsonAsync();
        }

        await ChatScenario.SendAndReadAsync(user, chatId, "four");

        // Three messages read: the one sent, and the newest two it may send behind the two hidden.
        Assert.Equal(["user", "assistant", "user"], server.ModelServer.Requests[^1].Messages.Where(m => m.Role != "system").Skip(1).Select(m => m.Role));
        Assert.Equal(["two", "four"], server.ModelServer.Requests[^1].Messages.Where(m => m.Role == "user").Select(m => m.Content));
    }
}

public sealed class LongChatHistoryTestsOnSqlite(SqliteShortHistoryLoadServer server) : LongChatHistoryTests(server), IClassFixture<SqliteShortHistoryLoadServer>;

public sealed class LongChatHistoryTestsOnPostgres(PostgresShortHistoryLoadServer server) : LongChatHistoryTests(server), IClassFixture<PostgresShortHistoryLoadServer>;
