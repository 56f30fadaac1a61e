using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary><c>GET chat/{id}/prompt</c>: exactly what the next reply sends, with its token counts and the lore that fired.</summary>
public abstract class PromptPreviewTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    [Fact]
    public async Task ThePreviewIsExactlyTheRequestTheModelThenReceives()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var book = await (await user.Client.PostAsJsonAsync("/api/v1/lorebook/create", new
        {
            name = "Harbour",
            entries = new object[]
            {
                new { id = 1, keys = new[] { "ship" }, content = "{{char}}'s brother owns the red ship.", comment = "brother" },
                new { id = 2, keys = new[] { "/storm(s)?/i" }, content = "Storms close the harbour.", position = "at_depth", depth = 0 },
                new { id = 3, keys = new[] { "ghost" }, content = "Never shown.", comment = "unrelated" },
            },
        })).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new
        {
            lorebook_ids = new[] { book.GetProperty("data").GetProperty("id").GetGuid() },
            author_note = new { text = "Keep it light.", depth = 1 },
            settings = new { top_k = 20 },
        })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "Nice evening.");
        const string Next = "Is that a ship? A storm is coming.";

        var preview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?prompt={Uri.EscapeDataString(Next)}")).AssertOkJsonAsync()).GetProperty("data");
        await ChatScenario.SendAndReadAsync(user, chatId, Next);

        var sent = Model.Requests[^1];
        var previewed = preview.GetProperty("messages").EnumerateArray().Select(m => new RecordedMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!));
        Assert.Equal(sent.Messages, previewed);
        Assert.Equal(("system", "Storms close the harbour."), (sent.Messages[^1].Role, sent.Messages[^1].Content));
        Assert.Contains("Mira's brother owns the red ship.", sent.Messages[0].Content, StringComparison.Ordinal);
        Assert.Equal(20, preview.GetProperty("settings").GetProperty("top_k").GetInt32());
        Assert.Equal(sent.MaxTokens, preview.GetProperty("settings").GetProperty("max_tokens").GetInt32());

        var fired = preview.GetProperty("lore").EnumerateArray().ToDictionary(l => l.GetProperty("entry_id").GetInt32());
        Assert.Equal([1, 2], fired.Keys.Order());
        Assert.Equal("key 'ship'", fired[1].GetProperty("reason").GetString());
        Assert.Equal("before_char", fired[1].GetProperty("position").GetString());
        Assert.Equal("at_depth", fired[2].GetProperty("position").GetString());
        Assert.Equal(0, fired[2].GetProperty("depth").GetInt32());
        Assert.True(fired[1].GetProperty("included").GetBoolean());

        var parts = preview.GetProperty("parts").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("tokens").GetInt32());
        Assert.Equal(["system", "character", "persona", "lore", "examples", "history", "author_note", "post_history"], parts.Keys);
        Assert.True(parts["system"] > 0 && parts["character"] > 0 && parts["lore"] > 0 && parts["history"] > 0 && parts["author_note"] > 0);
        Assert.Equal(0, parts["persona"]);
        Assert.Equal("o200k", preview.GetProperty("tokenizer").GetString());
        Assert.Equal(2000, preview.GetProperty("budget").GetInt32());
        Assert.True(preview.GetProperty("tokens").GetInt32() >= parts.Values.Sum());
        Assert.Equal(0, preview.GetProperty("omitted_messages").GetInt32());
    }

    [Fact]
    public async Task ThePreviewCountsTheOldMessagesLeftOutToFitTheBudget()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var filler = string.Join(' ', Enumerable.Repeat("the tide comes in", 200));
        for (var turn = 1; turn <= 3; turn++)
        {
            await ChatScenario.SendAndReadAsync(user, chatId, $"turn {turn} {filler}");
        }

        var preview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt")).AssertOkJsonAsync()).GetProperty("data");

        Assert.True(preview.GetProperty("omitted_messages").GetInt32() >= 2, preview.ToString());
        Assert.True(preview.GetProperty("tokens").GetInt32() <= 2000, preview.ToString());
        var messages = preview.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()!).ToList();
        Assert.Equal(ChatScenario.Greeting, messages[1]);
        Assert.DoesNotContain(messages, m => m.StartsWith("turn 1", StringComparison.Ordinal));
        Assert.Equal("Hello from the fake model.", messages[^1]);
    }

    [Fact]
    public async Task EveryMessageOfALongChatThatFitsTheBudgetIsSent()
    {
        // 200 short messages: more than a prompt reads at first, fewer tokens than the budget (2,000).
        var (user, chatId, said) = await ImportLongChatAsync(200, i => $"m{i}");

        var preview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt")).AssertOkJsonAsync()).GetProperty("data");

        Assert.Equal(0, preview.GetProperty("omitted_messages").GetInt32());
        Assert.Equal(said, Contents(preview).Skip(1));
    }

    [Fact]
    public async Task ALongChatsPromptEndsWithItsNewestWholeTurnsThatFit()
    {
        var filler = string.Join(' ', Enumerable.Repeat("the tide", 12));
        var (user, chatId, said) = await ImportLongChatAsync(1000, i => $"m{i} {filler}");

        var preview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt")).AssertOkJsonAsync()).GetProperty("data");

        var sent = Contents(preview).Skip(1).ToList();
        var newest = sent.Count - 1;
        Assert.InRange(newest, 10, 200);
        Assert.Equal(said[0], sent[0]);
        Assert.Equal(said[^newest..], sent[1..]);
        Assert.StartsWith("m", sent[1], StringComparison.Ordinal);
        Assert.Equal(1, int.Parse(sent[1][1..sent[1].IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture) % 2);
        Assert.Equal(said.Count - 1 - newest, preview.GetProperty("omitted_messages").GetInt32());
        Assert.InRange(preview.GetProperty("tokens").GetInt32(), 1800, 2000);
    }

    [Fact]
    public async Task ALorebookScansAsDeepAsItSaysThoughFewerMessagesFitTheBudget()
    {
        // About 65 of these messages fit the budget: the history read must still reach the book's scan depth (100), past the key 90 back.
        var filler = string.Join(' ', Enumerable.Repeat("the tide", 12));
        var (user, chatId, said) = await ImportLongChatAsync(1000, i => i == 910 ? $"m{i} the lighthouse {filler}" : $"m{i} {filler}");
        var book = await (await user.Client.PostAsJsonAsync("/api/v1/lorebook/create", new
        {
            name = "Coast",
            scan_depth = 100,
            entries = new object[] { new { id = 1, keys = new[] { "lighthouse" }, content = "The lighthouse keeper drowned." } },
        })).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { lorebook_ids = new[] { book.GetProperty("data").GetProperty("id").GetGuid() } })).AssertOkJsonAsync();

        var preview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt")).AssertOkJsonAsync()).GetProperty("data");

        Assert.Equal([1], preview.GetProperty("lore").EnumerateArray().Select(l => l.GetProperty("entry_id").GetInt32()));
        Assert.Contains("The lighthouse keeper drowned.", Contents(preview).First(), StringComparison.Ordinal);
        Assert.DoesNotContain(Contents(preview), m => m.StartsWith("m910 ", StringComparison.Ordinal));
        Assert.True(preview.GetProperty("omitted_messages").GetInt32() > 90, preview.ToString());
    }

    /// <summary>A world imported with its card and also made the chat's lore (as SillyTavern users do) is read once.</summary>
    [Fact]
    public async Task TheCharactersOwnWorldIsReadOnceWhenTheChatHasItToo()
    {
        var user = await TestUser.SignUpAsync(server);
        var entry = new { keys = new[] { "shadowfang" }, content = "Shadowfangs hunt at night.", enabled = true, insertion_order = 1, extensions = new { } };
        var characterId = await Characters.CharacterApi.CreateIdAsync(user, new { name = "Seraphina", personality = "kind", character_book = new { name = "Eldoria", entries = new[] { entry } } });
        var chatId = await ChatScenario.NewChatAsync(user, characterId);
        var book = await (await user.Client.PostAsJsonAsync("/api/v1/lorebook/create", new
        {
            name = "eldoria",
            entries = new object[] { new { id = 1, keys = new[] { "shadowfang" }, content = "Shadowfangs hunt at night." } },
        })).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { lorebook_ids = new[] { book.GetProperty("data").GetProperty("id").GetGuid() } })).AssertOkJsonAsync();

        var preview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?prompt={Uri.EscapeDataString("Tell me about the shadowfang beasts.")}")).AssertOkJsonAsync()).GetProperty("data");

        Assert.Single(preview.GetProperty("lore").EnumerateArray());
        var system = Contents(preview).First();
        Assert.Equal(system.IndexOf("Shadowfangs hunt at night.", StringComparison.Ordinal), system.LastIndexOf("Shadowfangs hunt at night.", StringComparison.Ordinal));
    }

    /// <summary>
    /// A chat imported with the character's greeting (<c>m0</c>) and then <paramref name="count"/> messages, the user's at
    /// odd positions; returns what was said, oldest first.
    /// </summary>
    private async Task<(TestUser User, Guid ChatId, List<string> Said)> ImportLongChatAsync(int count, Func<int, string> text)
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var said = Enumerable.Range(0, count + 1).Select(text).ToList();
        var lines = said.Select((mes, i) => JsonSerializer.Serialize(new { name = i % 2 == 1 ? "U" : "C", is_user = i % 2 == 1, mes }));
        var file = string.Join('\n', ["""{"user_name":"U","character_name":"C","create_date":"2026-12-01@22h58m11s","chat_metadata":{}}""", .. lines]);
        return (user, await ChatTransferTests.ImportAsync(user, characterId, Encoding.UTF8.GetBytes(file)), said);
    }

    private static IEnumerable<string> Contents(JsonElement preview) =>
        preview.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()!);

    /// <summary>A community card's SillyTavern macros, filled in the prompt the model gets; a pick says the same at every turn.</summary>
    [Fact]
    public async Task ACardsMacrosAreFilledAndItsPickStaysTheSameTurnAfterTurn()
    {
        var user = await TestUser.SignUpAsync(server);
        var character = await Characters.CharacterApi.CreateIdAsync(user, new
        {
            name = "Mira",
            personality = "Wry.",
            scenario = "The inn.{{newline}}Mood: {{personality}}",
            post_history_instructions = "Answer \"{{lastUserMessage}}\"; the door is {{pick::red::green::blue::amber::grey::white}}.{{// not for the model}}",
        });
        var chatId = await ChatScenario.NewChatAsync(user, character);

        await ChatScenario.SendAndReadAsync(user, chatId, "Hello there.");
        var first = Model.Requests[^1].Messages;
        await ChatScenario.SendAndReadAsync(user, chatId, "Which door?");
        var second = Model.Requests[^1].Messages;

        Assert.Contains("The inn.\nMood: Wry.", first[0].Content, StringComparison.Ordinal);
        Assert.Matches("^Answer \"Hello there.\"; the door is (red|green|blue|amber|grey|white)\\.$", first[^1].Content);
        Assert.Equal(first[^1].Content.Replace("Hello there.", "Which door?", StringComparison.Ordinal), second[^1].Content);
    }

    /// <summary>A greeting's macros are filled when its chat starts: a pick of the chat's own, a group chat's members.</summary>
    [Fact]
    public async Task AGreetingPicksForEachChatAndAGroupGreetingNamesTheGroup()
    {
        var user = await TestUser.SignUpAsync(server);
        var picky = await ChatScenario.CreateCharacterAsync(user, "Take the {{pick::red::green::blue::amber::grey::white::black::gold}} door.");
        var greetings = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            greetings.Add(await FirstMessageAsync(user, await ChatScenario.NewChatAsync(user, picky)));
        }

        var ann = await Characters.CharacterApi.CreateIdAsync(user, new { name = "Ann", personality = "Ann.", greeting = "Hi from {{group}}!" });
        var ben = await Characters.CharacterApi.CreateIdAsync(user, new { name = "Ben", personality = "Ben." });
        var groupChat = (await (await user.Client.PostAsJsonAsync("/api/v1/chat/new", new { character_ids = new[] { ann, ben } })).AssertOkJsonAsync(HttpStatusCode.Created))
            .GetProperty("newChatID").GetGuid();

        Assert.All(greetings, g => Assert.Matches("^Take the [a-z]+ door\\.$", g));
        Assert.True(greetings.Distinct().Count() > 1, string.Join(" | ", greetings));
        Assert.Equal("Hi from Ann, Ben!", await FirstMessageAsync(user, groupChat));
    }

    private static async Task<string> FirstMessageAsync(TestUser user, Guid chatId) =>
        (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync()).GetProperty("data")[0].GetProperty("content").GetString()!;

    [Fact]
    public async Task AnotherUsersChatHasNoPreview()
    {
        var owner = await TestUser.SignUpAsync(server);
        var other = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(owner);

        await (await other.Client.GetAsync($"/api/v1/chat/{chatId}/prompt")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.Client.GetAsync($"/api/v1/chat/{Guid.NewGuid()}/prompt")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class PromptPreviewTestsOnSqlite(SqliteChatServer server) : PromptPreviewTests(server), IClassFixture<SqliteChatServer>;

public sealed class PromptPreviewTestsOnPostgres(PostgresChatServer server) : PromptPreviewTests(server), IClassFixture<PostgresChatServer>;
