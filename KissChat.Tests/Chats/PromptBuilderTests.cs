using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Tests.Characters;
using KissChat.Tests.Characters.Cards;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using KissChat.Tests.Lorebooks;

namespace KissChat.Tests.Chats;

/// <summary>What reaches the model: built at each turn from the live character, its card semantics and its macros.</summary>
public abstract class PromptBuilderTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    [Fact]
    public async Task EditingTheCharacterChangesTheNextReplyOfAnExistingChat()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var chatId = await ChatScenario.NewChatAsync(user, characterId);
        await ChatScenario.SendAndReadAsync(user, chatId, "before the edit");
        Assert.Contains("cheerful and nosy", SystemMessage(Model.Requests[^1]), StringComparison.Ordinal);

        await (await CharacterApi.PatchAsync(user, characterId, """{"personality": "grumpy since the storm"}""")).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "after the edit");

        var system = SystemMessage(Model.Requests[^1]);
        Assert.Contains("Personality:\ngrumpy since the storm", system, StringComparison.Ordinal);
        Assert.DoesNotContain("cheerful and nosy", system, StringComparison.Ordinal);
        Assert.Equal(["before the edit", "after the edit"], Model.Requests[^1].Messages.Where(m => m.Role == "user").Select(m => m.Content));
    }

    [Fact]
    public async Task CardPartsGoWhereCardsMeanThemAndMacrosAreFilledInEveryPart()
    {
        var user = await TestUser.SignUpAsync(server);
        await (await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "Ada", description = "A sailor from {{random:the north,the north}}.", is_default = true }))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        var characterId = await CharacterApi.CreateIdAsync(user, new
        {
            name = "Mira",
            system_instruction = "{{char}} talks with {{user}} on {{weekday}}.{{// a note for the author only}} {{original}}",
            personality = "Rolls {{roll:1d1}} die; says {{unknown_macro}} as written.",
            scenario = "<BOT> meets <USER>.",
            mes_example = "<START>\n{{user}}: Hi.\n{{char}}: Hello.\n<START>\n{{user}}: Bye.\n{{char}}: Farewell.",
            post_history_instructions = "Answer {{user}} in one line.",
            greeting = "Hello, {{user}}.",
        });
        var chatId = await ChatScenario.NewChatAsync(user, characterId);

        await ChatScenario.SendAndReadAsync(user, chatId, "Who am I?");

        var request = Model.Requests[^1];
        Assert.Equal(["system", "assistant", "user", "system"], request.Messages.Select(m => m.Role));
        var system = request.Messages[0].Content;
        Assert.Matches(@"^Mira talks with Ada on (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\. You are Mira, a character in a role-play with Ada\.", system);
        Assert.DoesNotContain("note for the author", system, StringComparison.Ordinal);
        Assert.Contains("About Ada:\nA sailor from the north.", system, StringComparison.Ordinal);
        Assert.Contains("Personality:\nRolls 1 die; says {{unknown_macro}} as written.", system, StringComparison.Ordinal);
        Assert.Contains("Scenario:\nMira meets Ada.", system, StringComparison.Ordinal);
        Assert.EndsWith("Example dialogue:\n<START>\nAda: Hi.\nMira: Hello.\n<START>\nAda: Bye.\nMira: Farewell.", system, StringComparison.Ordinal);
        Assert.Equal("Hello, Ada.", request.Messages[1].Content);
        Assert.Equal("Answer Ada in one line.", request.Messages[^1].Content);
    }

    /// <summary>SillyTavern fills the macros of every message of the history it sends; the message itself is kept as written.</summary>
    [Fact]
    public async Task MacrosInTheChatsMessagesAreFilledAsThePromptSendsThem()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        server.ModelServer.Enqueue(Fakes.ModelScript.Stream(["{{char}} nods."]));
        await ChatScenario.SendAndReadAsync(user, chatId, "<BOT> rolls {{roll:1d1}}.");

        await ChatScenario.SendAndReadAsync(user, chatId, "And again?");

        var sent = server.ModelServer.Requests[^1].Messages.Select(m => m.Content).ToList();
        Assert.Contains("Mira rolls 1.", sent);
        Assert.Contains("Mira nods.", sent);
        var stored = (await ChatTransferTests.MessagesAsync(user, chatId)).Select(m => m.GetProperty("content").GetString()).ToList();
        // The user's message is stored as it was filled when answered (as SillyTavern fills it when sent); the reply as written.
        Assert.Contains("Mira rolls 1.", stored);
        Assert.Contains("{{char}} nods.", stored);
    }

    [Fact]
    public async Task AuthorsNoteGoesAtItsDepthAndGetChatShowsWhatWasSet()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "first");

        var patched = await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { author_note = new { text = "{{char}} is tired tonight.", depth = 2 } }))
            .AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "second");

        Assert.Equal("{{char}} is tired tonight.", patched.GetProperty("data").GetProperty("author_note").GetProperty("text").GetString());
        var chat = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(2, chat.GetProperty("author_note").GetProperty("depth").GetInt32());
        Assert.Equal("Mira", chat.GetProperty("character").GetProperty("name").GetString());
        var messages = Model.Requests[^1].Messages;
        // system, greeting, first, [note], reply, second: two messages from the end.
        Assert.Equal(("system", "Mira is tired tonight."), (messages[^3].Role, messages[^3].Content));
        Assert.Equal("second", messages[^1].Content);

        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { author_note = (object?)null })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "third");
        Assert.DoesNotContain(Model.Requests[^1].Messages, m => m.Content.Contains("tired tonight", StringComparison.Ordinal));
    }

    /// <summary>As SillyTavern's chat completion places a note before or after its main prompt: a system note beside it, another role's on its own.</summary>
    [Fact]
    public async Task AnAuthorsNoteBeforeOrAfterTheMainPromptGoesBesideIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        var patched = await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { author_note = new { text = "Rain falls.", position = "before_main" } })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "first");
        var before = Model.Requests[^1].Messages;
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { author_note = new { text = "Rain falls.", position = "after_main", role = "assistant" } })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "second");
        var after = Model.Requests[^1].Messages;

        var note = patched.GetProperty("data").GetProperty("author_note");
        Assert.Equal(("system", 1, "before_main", 4), (note.GetProperty("role").GetString(), note.GetProperty("interval").GetInt32(), note.GetProperty("position").GetString(), note.GetProperty("depth").GetInt32()));
        Assert.Equal("system", before[0].Role);
        Assert.StartsWith("Rain falls.\n\nStay in character.", before[0].Content, StringComparison.Ordinal);
        Assert.Single(before, m => m.Content.Contains("Rain falls.", StringComparison.Ordinal));
        // Between the main prompt and the rest of the system prompt, as SillyTavern's messages are.
        Assert.Equal([("system", "Stay in character."), ("assistant", "Rain falls.")], after.Take(2).Select(m => (m.Role, m.Content)));
        Assert.Equal("system", after[2].Role);
        Assert.Equal(before[0].Content.Replace("Rain falls.\n\nStay in character.\n\n", "", StringComparison.Ordinal), after[2].Content);
        Assert.Equal(ChatScenario.Greeting, after[3].Content);
    }

    [Theory]
    [InlineData("role", "\"narrator\"")]
    [InlineData("interval", "-1")]
    [InlineData("interval", "1001")]
    [InlineData("position", "\"top\"")]
    public async Task AnAuthorsNoteOutOfItsValuesIsRefusedByName(string field, string value)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        var response = await user.Client.PatchAsync($"/api/v1/chat/{chatId}", new StringContent($"{{\"author_note\": {{\"text\": \"Hi.\", \"{field}\": {value}}}}}", System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty($"author_note.{field}", out _), problem.ToString());
        var chat = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(JsonValueKind.Null, chat.GetProperty("author_note").ValueKind);
    }

    [Fact]
    public async Task RegenerateWritesTheMissingReplyWhenTheChatEndsOnTheUsersMessage()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Status(400, """{"error": {"message": "no"}}"""));
        var failed = await ChatScenario.SendAndReadAsync(user, chatId, "are you there?");
        Assert.Equal("failed", failed[^2].Status);
        Model.Enqueue(ModelScript.Stream(["Yes, ", "sorry!"]));

        var retried = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));

        Assert.Equal("Yes, sorry!", retried[^2].Json.GetProperty("response").GetString());
        Assert.Equal("are you there?", Model.Requests[^1].Messages[^1].Content);
        var history = retried[^2].Json.GetProperty("chatHistory").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString()));
        Assert.Equal([("assistant", ChatScenario.Greeting), ("user", "are you there?"), ("assistant", "Yes, sorry!")], history);
    }

    [Fact]
    public async Task ContinueAlsoWritesTheMissingReplyWhenTheChatEndsOnTheUsersMessage()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Status(400, """{"error": {"message": "no"}}"""));
        await ChatScenario.SendAndReadAsync(user, chatId, "hello?");
        Model.Enqueue(ModelScript.Stream(["Hello!"]));

        var continued = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/continue"));

        Assert.Equal("Hello!", continued[^2].Json.GetProperty("response").GetString());
        Assert.Equal(("user", "hello?"), (Model.Requests[^1].Messages[^1].Role, Model.Requests[^1].Messages[^1].Content));
    }

    [Fact]
    public async Task ACardsCharacterBookImportedFromSillyTavernDrivesItsLoreWithNoExtraStep()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await CardApi.ImportIdAsync(user, SampleCards.Json(SampleCards.SillyTavernV2()));
        var chatId = await ChatScenario.NewChatAsync(user, characterId);
        const string Lore = "Shadowy creatures roam the edge of Eldoria at night.";

        await ChatScenario.SendAndReadAsync(user, chatId, "What a quiet glade.");
        Assert.DoesNotContain(Lore, SystemMessage(Model.Requests[^1]), StringComparison.Ordinal);
        await ChatScenario.SendAndReadAsync(user, chatId, "Did you see the SHADOW near the trees?");

        var system = SystemMessage(Model.Requests[^1]);
        Assert.Contains(Lore, system, StringComparison.Ordinal);
        // Its position is before the character.
        Assert.True(system.IndexOf(Lore, StringComparison.Ordinal) < system.IndexOf("Seraphina is a guardian", StringComparison.Ordinal), system);
    }

    /// <summary>A card's Character's Note (SillyTavern's <c>depth_prompt</c>) goes into the chat at its depth, macros filled.</summary>
    [Fact]
    public async Task ACardsCharactersNoteGoesInAtItsDepth()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await CardApi.ImportIdAsync(user, SampleCards.Json(SampleCards.SillyTavernV2()));
        var chatId = await ChatScenario.NewChatAsync(user, characterId);
        foreach (var said in new[] { "One.", "Two.", "Three." })
        {
            await ChatScenario.SendAndReadAsync(user, chatId, said);
        }

        var messages = Model.Requests[^1].Messages.ToList();
        var note = messages.FindIndex(m => m.Content == "Seraphina never leaves the forest.");
        // Four messages from the end, as a system message: after it come the first reply, "Two.", its reply and "Three.".
        Assert.Equal(("system", messages.Count - 5), (messages[note].Role, note));
        Assert.Equal("Three.", messages[^1].Content);
    }

    /// <summary>
    /// What goes in at one depth is one message a role, as SillyTavern 1.12.6 sends it (a tester ran both side by side):
    /// assistant, user, then system, each joining by line the author's note with the lore around it, the card's
    /// Character's Note, the persona's description and the lore at that depth. Depths beyond the history go before it,
    /// the deeper first.
    /// </summary>
    [Fact]
    public async Task WhatGoesInAtOneDepthIsOneMessageARoleInSillyTavernsOrder()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await CardApi.ImportIdAsync(user, SampleCards.Json("""
            {"spec": "chara_card_v2", "spec_version": "2.0", "data": {"name": "Aria", "first_mes": "Hello {{user}}, I am Aria.",
              "extensions": {"depth_prompt": {"prompt": "CHAR-DEPTH-NOTE", "depth": 2, "role": "system"}}}}
            """));
        await (await user.Client.PostAsJsonAsync("/api/v1/persona/create", new
        {
            name = "Bob", description = "PERSONA-DESC of {{user}}", is_default = true, description_position = "at_depth", description_depth = 2, description_role = "system",
        })).AssertOkJsonAsync(HttpStatusCode.Created);
        var chatId = await ChatScenario.NewChatAsync(user, characterId);
        // SillyTavern's positions 2 and 3 go around the note, 4 at a depth as role 0 (system), 1 (user) or 2 (assistant).
        var world = await LorebookTests.ImportWorldAsync(user, """
            {"name": "Depths", "entries": {
              "0": {"uid": 0, "key": [], "constant": true, "content": "WI-ANTOP", "position": 2},
              "1": {"uid": 1, "key": [], "constant": true, "content": "WI-ANBOTTOM", "position": 3},
              "2": {"uid": 2, "key": [], "constant": true, "content": "WI-D2-SYS-o200", "position": 4, "depth": 2, "role": 0, "order": 200},
              "3": {"uid": 3, "key": [], "constant": true, "content": "WI-D2-SYS-o100", "position": 4, "depth": 2, "role": 0, "order": 100},
              "4": {"uid": 4, "key": [], "constant": true, "content": "WI-D2-USER", "position": 4, "depth": 2, "role": 1},
              "5": {"uid": 5, "key": [], "constant": true, "content": "WI-D4-SYS", "position": 4, "depth": 4, "role": 0},
              "6": {"uid": 6, "key": [], "constant": true, "content": "WI-D2-ASSIST", "position": 4, "depth": 2, "role": 2},
              "7": {"uid": 7, "key": [], "constant": true, "content": "{{setvar::seen::yes}}", "position": 4, "depth": 2, "role": 0, "order": 150},
              "8": {"uid": 8, "key": [], "constant": true, "content": "{{noop}}", "position": 4, "depth": 3, "role": 0}
            }}
            """);
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { lorebook_ids = new[] { world }, author_note = new { text = "AN-TEXT", depth = 4 } }))
            .AssertOkJsonAsync();

        await ChatScenario.SendAndReadAsync(user, chatId, "One.");
        var first = Model.Requests[^1].Messages.Skip(1).Select(m => (m.Role, m.Content));
        await ChatScenario.SendAndReadAsync(user, chatId, "Two.");
        var second = Model.Requests[^1].Messages.Skip(1).Select(m => (m.Role, m.Content));

        (string, string)[] atFour = [("system", "WI-ANTOP\nAN-TEXT\nWI-ANBOTTOM\nWI-D4-SYS")];
        (string, string)[] atTwo = [("assistant", "WI-D2-ASSIST"), ("user", "WI-D2-USER"), ("system", "CHAR-DEPTH-NOTE\nPERSONA-DESC of Bob\nWI-D2-SYS-o100\nWI-D2-SYS-o200")];
        (string, string) greeting = ("assistant", "Hello Bob, I am Aria.");
        // Two messages: both depths are beyond them, so both go before the greeting, 4 first, as SillyTavern put them. Lore
        // that its macros leave empty adds no blank line, nor a message of its own at depth 3.
        Assert.Equal([.. atFour, .. atTwo, greeting, ("user", "One.")], first);
        Assert.Equal([.. atFour, greeting, ("user", "One."), .. atTwo, ("assistant", "Hello from the fake model."), ("user", "Two.")], second);
    }

    [Fact]
    public async Task TheCharactersOwnBookCanBeEditedAndIsExportedBack()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var book = """{"name": "Inn lore", "entries": [{"keys": ["cellar"], "content": "The cellar floods at high tide.", "enabled": true, "insertion_order": 1, "extensions": {}}]}""";

        var invalid = await CharacterApi.PatchAsync(user, characterId, """{"character_book": {"entries": [{"keys": "cellar"}]}}""");
        var patched = await (await CharacterApi.PatchAsync(user, characterId, $$"""{"character_book": {{book}}}""")).AssertOkJsonAsync();
        var chatId = await ChatScenario.NewChatAsync(user, characterId);
        await ChatScenario.SendAndReadAsync(user, chatId, "What's in the cellar?");

        var problem = await invalid.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("character_book.entries[0].keys", out _), problem.ToString());
        Assert.Equal("Inn lore", patched.GetProperty("data").GetProperty("character_book").GetProperty("name").GetString());
        Assert.Contains("The cellar floods at high tide.", SystemMessage(Model.Requests[^1]), StringComparison.Ordinal);
        var exported = await CardApi.ExportJsonAsync(user, characterId, 2);
        Assert.Equal("The cellar floods at high tide.", exported["data"]!["character_book"]!["entries"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnAuthorsWithdrawnCharacterStaysInOtherUsersChatsAndAPinnedOneIgnoresEdits()
    {
        var author = await TestUser.SignUpAsync(server);
        var fan = await TestUser.SignUpAsync(server);
        var characterId = await CharacterApi.CreateIdAsync(author, new { name = "Star", personality = "bright and brief", visibility = "public", greeting = "Hi." });
        var pinnedChat = await ChatScenario.NewChatAsync(fan, characterId);
        var liveChat = await ChatScenario.NewChatAsync(fan, characterId);

        var pinned = await (await fan.Client.PatchAsJsonAsync($"/api/v1/chat/{pinnedChat}", new { pinned = true })).AssertOkJsonAsync();
        await (await CharacterApi.PatchAsync(author, characterId, """{"personality": "dim and long-winded"}""")).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(fan, pinnedChat, "pinned?");
        Assert.Contains("bright and brief", SystemMessage(Model.Requests[^1]), StringComparison.Ordinal);
        await ChatScenario.SendAndReadAsync(fan, liveChat, "live?");
        Assert.Contains("dim and long-winded", SystemMessage(Model.Requests[^1]), StringComparison.Ordinal);

        await (await author.Client.DeleteAsync($"/api/v1/character/delete/{characterId}")).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(fan, liveChat, "still there?");

        Assert.True(pinned.GetProperty("data").GetProperty("pinned").GetBoolean());
        var system = SystemMessage(Model.Requests[^1]);
        Assert.Contains("You are Star", system, StringComparison.Ordinal);
        Assert.Contains("dim and long-winded", system, StringComparison.Ordinal);
        var chat = (await (await fan.Client.GetAsync($"/api/v1/chat/{liveChat}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.True(chat.GetProperty("pinned").GetBoolean());
        await (await fan.Client.PatchAsJsonAsync($"/api/v1/chat/{liveChat}", new { pinned = false })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ADeletedAccountsPublicCharacterStaysInOtherUsersChats()
    {
        var author = await TestUser.SignUpAsync(server);
        var fan = await TestUser.SignUpAsync(server);
        var characterId = await CharacterApi.CreateIdAsync(author, new { name = "Star", personality = "bright and brief", visibility = "public", greeting = "Hi." });
        var chatId = await ChatScenario.NewChatAsync(fan, characterId);

        await (await author.Client.DeleteAsync($"/api/v1/user/delete/{author.Id}")).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(fan, chatId, "still there?");

        Assert.Contains("bright and brief", SystemMessage(Model.Requests[^1]), StringComparison.Ordinal);
        var chat = (await (await fan.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.True(chat.GetProperty("pinned").GetBoolean());
        await (await fan.Client.GetAsync($"/api/v1/character/get/{characterId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static string SystemMessage(RecordedRequest request)
    {
        Assert.Equal("system", request.Messages[0].Role);
        return request.Messages[0].Content;
    }
}

public sealed class PromptBuilderTestsOnSqlite(SqliteChatServer server) : PromptBuilderTests(server), IClassFixture<SqliteChatServer>;

public sealed class PromptBuilderTestsOnPostgres(PostgresChatServer server) : PromptBuilderTests(server), IClassFixture<PostgresChatServer>;
