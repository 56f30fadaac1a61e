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

    /// <summary>SillyTavern fills a user's message once, as it is sent, and stores it so: its dice and variables are not drawn again at every turn.</summary>
    [Fact]
    public async Task AUsersMessageIsFilledOnceAsItIsAnsweredAndStoredSo()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "warm up");

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "{{addvar::n::1}}n is {{getvar::n}}, rolled {{roll:d1000}}, after '{{lastMessage}}'");
        var filled = Model.Requests[^1].Messages[^1].Content;
        await ChatScenario.SendAndReadAsync(user, chatId, "next: {{getvar::n}}");
        var later = Model.Requests[^1].Messages;
        var stored = (await ChatTransferTests.MessagesAsync(user, chatId)).Select(m => m.GetProperty("content").GetString()).ToList();

        Assert.Matches(@"^n is 1, rolled \d+, after '.+'$", filled);
        Assert.EndsWith($"after '{stored[2]}'", filled, StringComparison.Ordinal);
        Assert.Equal(filled, stored[3]);
        Assert.Equal(filled, frames[^2].Json.GetProperty("chatHistory")[3].GetProperty("content").GetString());
        Assert.Equal(filled, later[^3].Content);
        Assert.Equal(("next: 1", "next: 1"), (later[^1].Content, stored[5]));
    }

    private static async Task<string> PreviewAsync(TestUser user, Guid chatId)
    {
        var preview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?prompt=next")).AssertOkJsonAsync()).GetProperty("data");
        return preview.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
    }
}

public sealed class ChatVariablesTestsOnSqlite(SqliteChatServer server) : ChatVariablesTests(server), IClassFixture<SqliteChatServer>;

public sealed class ChatVariablesTestsOnPostgres(PostgresChatServer server) : ChatVariablesTests(server), IClassFixture<PostgresChatServer>;
