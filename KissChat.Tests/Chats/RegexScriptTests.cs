using System.Net.Http.Json;
using KissChat.Characters.Contracts;
using KissChat.Chats.Prompt;
using KissChat.Tests.Characters.Cards;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>SillyTavern's regex scripts that a card carries, acted on in its chats as SillyTavern acts on them.</summary>
public abstract class RegexScriptTests(ChatServer server)
{
    private const string Card = """
        {"spec": "chara_card_v2", "spec_version": "2.0", "data": {
          "name": "Rhea", "description": "A scout.", "personality": "", "scenario": "", "first_mes": "Ready.", "mes_example": "",
          "character_book": {"name": "Rhea's lore", "entries": [{"keys": ["camp"], "content": "The camp sleeps.", "enabled": true, "insertion_order": 1, "extensions": {}}]},
          "extensions": {"regex_scripts": [
            {"scriptName": "Hide status", "findRegex": "/\\[status:[^\\]]*\\]\\s*/gi", "replaceString": "", "placement": [2], "disabled": false, "markdownOnly": false, "promptOnly": false},
            {"scriptName": "Nicknames", "findRegex": "/\\bcaptain\\b/i", "replaceString": "{{char}}'s {{match}}", "placement": [1], "promptOnly": true},
            {"scriptName": "Lore", "findRegex": "/sleeps/g", "replaceString": "stirs", "placement": [5]},
            {"scriptName": "Shown only", "findRegex": "/Ready/g", "replaceString": "NOPE", "placement": [2], "markdownOnly": true},
            {"scriptName": "Off", "findRegex": "/scout/g", "replaceString": "NOPE", "placement": [1, 2], "disabled": true},
            {"scriptName": "Newest only", "findRegex": "/old/g", "replaceString": "new", "placement": [1], "promptOnly": true, "maxDepth": 0}
          ]}
        }}
        """;

    private FakeModelServer Model => server.ModelServer;

    [Fact]
    public async Task ACardsScriptsActOnWhatTheModelWritesOnWhatAPromptSendsAndOnItsLore()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user, await CardApi.ImportIdAsync(user, SampleCards.Json(Card)));
        Model.Enqueue(ModelScript.Stream(["I scout ahead. ", "[Status: tired] ", "Done."]));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "old captain, old camp.");
        var first = Model.Requests[^1].Messages;
        await ChatScenario.SendAndReadAsync(user, chatId, "Next.");
        var second = Model.Requests[^1].Messages;
        var stored = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray()
            .Select(m => m.GetProperty("content").GetString()).ToList();

        Assert.Equal("I scout ahead. Done.", frames[^2].Json.GetProperty("response").GetString());
        Assert.Equal(["Ready.", "old captain, old camp.", "I scout ahead. Done."], stored.Take(3));
        Assert.Equal("new Rhea's captain, new camp.", first[^1].Content);
        Assert.Contains("The camp stirs.", first[0].Content, StringComparison.Ordinal);
        Assert.Equal(
            ["Ready.", "old Rhea's captain, old camp.", "I scout ahead. Done.", "Next."],
            second.Skip(1).Select(m => m.Content));
    }

    /// <summary>SillyTavern judges a lore script's depths only for lore at a depth of its own, not lore around the author's note.</summary>
    [Fact]
    public async Task ALoreScriptsDepthsDoNotKeepItFromLoreAroundTheAuthorsNote()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = Card
            .Replace("\"keys\": [\"camp\"]", "\"keys\": [\"nowhere\"]", StringComparison.Ordinal)
            .Replace("""{"scriptName": "Lore", "findRegex": "/sleeps/g", "replaceString": "stirs", "placement": [5]}""",
                """{"scriptName": "Lore", "findRegex": "/sleeps/g", "replaceString": "stirs", "placement": [5], "maxDepth": 1}""", StringComparison.Ordinal);
        var chatId = await ChatScenario.NewChatAsync(user, await CardApi.ImportIdAsync(user, SampleCards.Json(card)));
        // SillyTavern's position 2: before the author's note, in its message.
        var world = await (await user.Client.PostAsync("/api/v1/lorebook/import", new StringContent(
            """{"name": "Camp", "entries": {"0": {"uid": 0, "key": ["camp"], "content": "The camp sleeps.", "position": 2}}}""",
            System.Text.Encoding.UTF8, "application/json"))).AssertOkJsonAsync(System.Net.HttpStatusCode.Created);
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new
        {
            author_note = new { text = "Night.", depth = 3 },
            lorebook_ids = new[] { world.GetProperty("data").GetProperty("id").GetGuid() },
        })).AssertOkJsonAsync();

        await ChatScenario.SendAndReadAsync(user, chatId, "The camp?");

        Assert.Contains(Model.Requests[^1].Messages, m => m.Content == "The camp stirs.\nNight.");
    }

    /// <summary>A continuation's scripts run on the whole message it makes: a block the two parts share is found.</summary>
    [Fact]
    public async Task AContinuationsScriptsRunOnTheWholeMessage()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = Card.Replace("""/\\[status:[^\\]]*\\]\\s*/gi""", """/ ?<status>[\\s\\S]*?<\\/status>/g""", StringComparison.Ordinal);
        var chatId = await ChatScenario.NewChatAsync(user, await CardApi.ImportIdAsync(user, SampleCards.Json(card)));
        Model.Enqueue(ModelScript.Stream(["She smiled ", "<status>HP: 10"]));
        await ChatScenario.SendAndReadAsync(user, chatId, "Hello.");
        Model.Enqueue(ModelScript.Stream([" MP: 5</status>", " and waved."]));

        var frames = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/continue"));

        Assert.Equal("She smiled and waved.", frames[^2].Json.GetProperty("response").GetString());
    }

    [Fact]
    public async Task AnImpersonationIsWhatTheUserWouldSendWithTheScriptsForTheirMessagesRun()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = Card.Replace("\"placement\": [1], \"promptOnly\": true}", "\"placement\": [1]}", StringComparison.Ordinal);
        var chatId = await ChatScenario.NewChatAsync(user, await CardApi.ImportIdAsync(user, SampleCards.Json(card)));
        Model.Enqueue(ModelScript.Stream(["Aye, ", "captain."]));

        var frames = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/impersonate", new { }));

        Assert.Equal("Aye, Rhea's captain.", frames[^2].Json.GetProperty("response").GetString());
    }
}

public sealed class RegexScriptTestsOnSqlite(SqliteChatServer server) : RegexScriptTests(server), IClassFixture<SqliteChatServer>;

public sealed class RegexScriptTestsOnPostgres(PostgresChatServer server) : RegexScriptTests(server), IClassFixture<PostgresChatServer>;

/// <summary>How a script's JavaScript pattern, flags and replacement are read.</summary>
public sealed class CharacterRegexTests
{
    [Theory]
    [InlineData("/a/", "b", "aaa", "baa")]
    [InlineData("/a/g", "b", "aaa", "bbb")]
    [InlineData("/A/gi", "b", "aAa", "bbb")]
    [InlineData("a", "b", "aaa", "baa")]
    [InlineData("/(\\w+) (\\w+)/", "$2 $1 ($0) $7", "hello world", "world hello (hello world) ")]
    [InlineData("/x/gq", "y", "/x/gq and x", "y and x")]
    [InlineData("/[unclosed/g", "y", "[unclosed", "[unclosed")]
    [InlineData("/^b/gm", "c", "a\nb", "a\nc")]
    [InlineData("/a.b/s", "c", "a\nb", "c")]
    public void PatternsFlagsAndGroupsAreReadAsJavaScriptWritesThem(string find, string replace, string text, string expected)
    {
        Assert.Equal(expected, Scripts(Script(find, replace)).Stored(text, CharacterRegex.ModelOutput));
    }

    [Fact]
    public void TrimStringsLeaveTheMatchAndMacrosAreFilledInTheReplacement()
    {
        var script = Script("/\\*(.+?)\\*/g", "<{{char}}: $1>") with { TrimStrings = ["very "] };

        Assert.Equal("<Rhea: happy> and <Rhea: sad>", Scripts(script).Stored("*very happy* and *sad*", CharacterRegex.ModelOutput));
    }

    [Fact]
    public void APatternThatRunsTooLongOrAReplacementThatGrowsTooLargeLeavesTheText()
    {
        var slow = new string('a', 5_000) + "!";
        var huge = new string('a', 50_000);

        // Done, the pattern would replace the first "a" (its second branch); it is stopped in its first.
        Assert.Equal(slow, Scripts(Script("/^(a|aa)+$|a/", "x")).Stored(slow, CharacterRegex.ModelOutput));
        Assert.Equal(huge, Scripts(Script("/a/g", new string('z', 100))).Stored(huge, CharacterRegex.ModelOutput));
    }

    /// <summary>A card's scripts together run for a bounded time per prompt: past it, the rest leave the texts as they are.</summary>
    [Fact]
    public void SlowScriptsSpendTheTurnsTimeAndTheRestDoNotRun()
    {
        var slow = Enumerable.Range(0, 10).Select(i => Script($"/^(a|aa)+${i}|a/", "x"));
        var text = new string('a', 5_000) + "!";

        Assert.Equal(text, Scripts([.. slow, Script("/!/", "?")]).Stored(text, CharacterRegex.ModelOutput));
        Assert.Equal(text[..^1] + "?", Scripts(Script("/!/", "?")).Stored(text, CharacterRegex.ModelOutput));
    }

    [Fact]
    public void AScriptBothPromptAndMarkdownOnlyRunsInPromptsAsSillyTavernsDoes()
    {
        var regex = Scripts(Script("/a/", "b") with { PromptOnly = true, MarkdownOnly = true });

        Assert.Equal(("b", "a"), (regex.InPrompt("a", CharacterRegex.ModelOutput, 0), regex.Stored("a", CharacterRegex.ModelOutput)));
    }

    [Fact]
    public void DepthsAndPlacementsDecideWhereAPromptOnlyScriptRuns()
    {
        var regex = Scripts(Script("/a/g", "b") with { PromptOnly = true, MinDepth = 1, MaxDepth = 2, Placements = [CharacterRegex.UserInput] });

        Assert.Equal("a", regex.Stored("a", CharacterRegex.UserInput));
        Assert.Equal(["a", "b", "b", "a"], new[] { 0, 1, 2, 3 }.Select(depth => regex.InPrompt("a", CharacterRegex.UserInput, depth)));
        Assert.Equal("a", regex.InPrompt("a", CharacterRegex.ModelOutput, 1));
    }

    private static RegexScript Script(string find, string replace) =>
        new("test", find, replace, [], [CharacterRegex.UserInput, CharacterRegex.ModelOutput], false, false, false, null, null);

    private static CharacterRegex Scripts(params RegexScript[] scripts) => new(scripts, text => text.Replace("{{char}}", "Rhea", StringComparison.Ordinal));
}
