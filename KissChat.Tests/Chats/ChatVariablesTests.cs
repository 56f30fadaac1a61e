using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using KissChat.Tests.Characters;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>SillyTavern's chat variables: changed by a turn's macros, kept with its stored reply, in its chat files both ways.</summary>
public abstract class ChatVariablesTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    [Fact]
    public async Task OnlyAStoredReplyKeepsWhatItsPromptsMacrosDidToTheVariablesAndTheyTravelInChatFiles()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await CharacterApi.CreateIdAsync(user, new
        {
            name = "Mira",
            greeting = "{{setvar::mood::calm}}Welcome.",
            alternate_greetings = new[] { "{{setvar::mood::stormy}}Back again." },
            post_history_instructions = "Turn {{incvar::turn}}, mood {{getvar::mood}}.",
        });
        var chatId = await ChatScenario.NewChatAsync(user, characterId);

        await ChatScenario.SendAndReadAsync(user, chatId, "one");
        var first = Model.Requests[^1].Messages;
        var preview = await PreviewAsync(user, chatId);
        Model.Enqueue(ModelScript.Status(400, "no"));
        await ChatScenario.SendAndReadAsync(user, chatId, "fails");
        await ChatScenario.SendAndReadAsync(user, chatId, "two");
        var second = Model.Requests[^1].Messages;

        // The greeting's own setvar is kept and leaves no trace in its text; its alternate's is not what was said.
        Assert.Equal("Welcome.", first[1].Content);
        Assert.Equal("Turn 1, mood calm.", first[^1].Content);
        Assert.Equal("Turn 2, mood calm.", preview);
        Assert.Equal("Turn 2, mood calm.", second[^1].Content);
        var exported = ChatTransferTests.Lines(await ChatTransferTests.ExportAsync(user, chatId));
        Assert.Equal("""{"mood":"calm","turn":2}""", exported[0]["chat_metadata"]!["variables"]!.ToJsonString());

        // A SillyTavern chat comes in with its variables, and they go on from there.
        exported[0]["chat_metadata"]!["variables"]!["turn"] = "41";
        var imported = await ChatTransferTests.ImportAsync(user, characterId, Encoding.UTF8.GetBytes(string.Join('\n', exported.Select(l => l.ToJsonString()))));
        await ChatScenario.SendAndReadAsync(user, imported, "three");
        Assert.Equal("Turn 42, mood calm.", Model.Requests[^1].Messages[^1].Content);
    }

    private static async Task<string> PreviewAsync(TestUser user, Guid chatId)
    {
        var preview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?prompt=next")).AssertOkJsonAsync()).GetProperty("data");
        return preview.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
    }
}

public sealed class ChatVariablesTestsOnSqlite(SqliteChatServer server) : ChatVariablesTests(server), IClassFixture<SqliteChatServer>;

public sealed class ChatVariablesTestsOnPostgres(PostgresChatServer server) : ChatVariablesTests(server), IClassFixture<PostgresChatServer>;
