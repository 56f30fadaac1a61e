using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Characters.Cards;

/// <summary>A card's text as written, in and out: what KissChat normalises for itself never reaches the exported card.</summary>
public abstract class CardTextTests(KissChatServer server)
{
    [Fact]
    public async Task ACardSillyTavernAcceptsImportsAndEveryTextMemberComesBackByteForByte()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = WrittenByHand();

        var id = await CardApi.ImportIdAsync(user, SampleCards.Json(card));
        var v2 = await CardApi.ExportJsonAsync(user, id, 2);
        var v3 = await CardApi.ExportJsonAsync(user, id, 3);
        var png = PngFile.Cards(await CardApi.ExportPngAsync(user, id));
        var again = await CardApi.ExportJsonAsync(user, await CardApi.ImportIdAsync(user, SampleCards.Json(v2)), 2);

        CardApi.AssertSameJson(card, v2);
        CardApi.AssertSameJson(card, JsonNode.Parse(png["chara"]));
        CardApi.AssertSameJson(card, again);
        var v3Data = v3["data"]!.DeepClone().AsObject();
        Assert.Empty(v3Data["group_only_greetings"]!.AsArray());
        v3Data.Remove("group_only_greetings");
        CardApi.AssertSameJson(card["data"], v3Data);
        CardApi.AssertSameJson(v3, JsonNode.Parse(png["ccv3"]));
    }

    /// <summary>SillyTavern takes alternate greetings written as one text (and makes them a list of it when the card is edited).</summary>
    [Fact]
    public async Task AlternateGreetingsWrittenAsOneTextAreAListOfIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = JsonNode.Parse("""{"spec": "chara_card_v2", "spec_version": "2.0", "data": {"name": "Solo", "first_mes": "Hi.", "alternate_greetings": "Hello again."}}""")!;

        var character = await CardApi.ImportAsync(user, SampleCards.Json(card));

        Assert.Equal(["Hello again."], character.GetProperty("alternate_greetings").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task TheCharacterShowsTheCardsTextAsWrittenAndOnlyTagsAndGreetingsAreTidiedForKissChatsOwnUse()
    {
        var user = await TestUser.SignUpAsync(server);

        var character = await CardApi.ImportAsync(user, SampleCards.Json(WrittenByHand()));

        Assert.Equal("Hi there!\n", character.GetProperty("greeting").GetString());
        Assert.Equal("  wry,\tgenerous  ", character.GetProperty("personality").GetString());
        Assert.Equal(LongDescription, character.GetProperty("public_description").GetString());
        Assert.Equal(JsonValueKind.Null, character.GetProperty("creator_notes").ValueKind);
        Assert.Equal(JsonValueKind.Null, character.GetProperty("system_instruction").ValueKind);
        // Tags are matched ignoring case by the public library, so each is listed once; blank greetings would be empty swipes.
        Assert.Equal(["Fantasy", "spaced", "日本語", "dragon 🐉", new string('t', 40), .. Enumerable.Range(1, 25).Select(i => $"tag{i}")],
            character.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(Enumerable.Range(1, 24).Select(i => $"Hello #{i}\r\n"), character.GetProperty("alternate_greetings").EnumerateArray().Select(g => g.GetString()));
        var chat = await CharacterApi.NewChatAsync(user, character.GetProperty("character_id").GetGuid());
        await chat.AssertOkJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task CreatorAndCharacterVersionAreKeptInEveryVersionAndFormat()
    {
        var user = await TestUser.SignUpAsync(server);
        var v1 = SampleCards.Parse("""{"name":"Ann","description":"A V1 card","creator":"ann-fan","first_mes":"Hi"}""");

        var fromV2 = await CardApi.ImportIdAsync(user, SampleCards.Upload(SampleCards.Png(("chara", SampleCards.SillyTavernV2()))));
        var fromV3 = await CardApi.ImportIdAsync(user, SampleCards.Json(SampleCards.V3()));
        var fromV1 = await CardApi.ImportIdAsync(user, SampleCards.Json(v1));

        foreach (var (id, creator, version) in new[] { (fromV2, "st-user", "1.2"), (fromV3, "kael-fan", "3"), (fromV1, "ann-fan", "") })
        {
            var png = PngFile.Cards(await CardApi.ExportPngAsync(user, id));
            foreach (var card in new[] { await CardApi.ExportJsonAsync(user, id, 2), await CardApi.ExportJsonAsync(user, id, 3), JsonNode.Parse(png["chara"])!, JsonNode.Parse(png["ccv3"])! })
            {
                Assert.Equal((creator, version), (card["data"]!["creator"]!.GetValue<string>(), card["data"]!["character_version"]!.GetValue<string>()));
            }
        }
    }

    [Fact]
    public async Task EditingAnImportedCharacterUpdatesEveryV1CopySoNoneComesBackStale()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = SampleCards.SillyTavernV2();
        var id = await CardApi.ImportIdAsync(user, SampleCards.Json(card));

        await (await CharacterApi.PatchAsync(user, id, """{"creator_notes": "", "public_description": "A healer.", "tags": ["Fantasy", "cosy"]}""")).AssertOkJsonAsync();
        var exported = await CardApi.ExportJsonAsync(user, id, 2);
        var png = JsonNode.Parse(PngFile.Cards(await CardApi.ExportPngAsync(user, id))["chara"])!;

        foreach (var edited in new[] { exported, png })
        {
            Assert.Equal("", edited["creatorcomment"]!.GetValue<string>());
            Assert.Equal("", edited["data"]!["creator_notes"]!.GetValue<string>());
            Assert.Equal("A healer.", edited["description"]!.GetValue<string>());
            Assert.Equal("A healer.", edited["data"]!["description"]!.GetValue<string>());
            CardApi.AssertSameJson(new JsonArray("Fantasy", "cosy"), edited["tags"]);
            CardApi.AssertSameJson(new JsonArray("Fantasy", "cosy"), edited["data"]!["tags"]);
            Assert.Equal(card["personality"]!.GetValue<string>(), edited["personality"]!.GetValue<string>());
            Assert.Equal(card["first_mes"]!.GetValue<string>(), edited["data"]!["first_mes"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task SavingAnImportedTextAgainUnchangedKeepsItAsTheCardWroteIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = WrittenByHand();
        var id = await CardApi.ImportIdAsync(user, SampleCards.Json(card));

        // A form sends the greeting back as shown; typed text is trimmed, but it still says what the card said.
        await (await CharacterApi.PatchAsync(user, id, """{"greeting": "Hi there!\n", "scenario": "Somewhere else."}""")).AssertOkJsonAsync();
        var exported = await CardApi.ExportJsonAsync(user, id, 2);

        Assert.Equal("Hi there!\n", exported["data"]!["first_mes"]!.GetValue<string>());
        Assert.Equal("Hi there!\n", exported["first_mes"]!.GetValue<string>());
        Assert.Equal("Somewhere else.", exported["data"]!["scenario"]!.GetValue<string>());
        Assert.Equal("Somewhere else.", exported["scenario"]!.GetValue<string>());
    }

    [Fact]
    public async Task AV1CardImportsWithItsTopLevelMembersAndExportsThemUnchangedBesideItsV2Data()
    {
        var user = await TestUser.SignUpAsync(server);
        var v1 = SampleCards.Parse("""
            {
              "name": "Old Tom", "description": "A lighthouse keeper.\r\n", "personality": "gruff", "scenario": "A stormy night.",
              "first_mes": "*The door creaks.* Shut it behind you.", "mes_example": "<START>\r\n{{char}}: Tea?",
              "creatorcomment": "From 2023.", "tags": "sea, ,Old Man", "talkativeness": "0.3", "fav": true,
              "avatar": "none", "chat": "Old Tom - 2023-4-8 @14h 12m", "create_date": "2023-4-8 @14h 12m 43s 738ms"
            }
            """);

        var character = await CardApi.ImportAsync(user, SampleCards.Json(v1));
        var exported = await CardApi.ExportJsonAsync(user, character.GetProperty("character_id").GetGuid(), 2);

        Assert.Equal(("Old Tom", "A lighthouse keeper.\r\n", "From 2023."), (
            character.GetProperty("name").GetString(), character.GetProperty("public_description").GetString(), character.GetProperty("creator_notes").GetString()));
        Assert.Equal(["sea", "Old Man"], character.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("chara_card_v2", exported["spec"]!.GetValue<string>());
        foreach (var (member, value) in v1)
        {
            CardApi.AssertSameJson(value, exported[member]);
        }

        var data = exported["data"]!;
        Assert.Equal(("A lighthouse keeper.\r\n", "From 2023.", "*The door creaks.* Shut it behind you."), (
            data["description"]!.GetValue<string>(), data["creator_notes"]!.GetValue<string>(), data["first_mes"]!.GetValue<string>()));
        CardApi.AssertSameJson(new JsonArray("sea", "Old Man"), data["tags"]);
        CardApi.AssertSameJson(SampleCards.Parse("""{"talkativeness": "0.3", "fav": true}"""), data["extensions"]);
    }

    /// <summary>
    /// Two V2 cards SillyTavern's readFromV2 takes: one whose data has no name goes by its top-level name; tags written as
    /// one text are no tags there (its tag import maps a list, its editor shows none), so none here, and go back out as written.
    /// </summary>
    [Fact]
    public async Task AV2CardNamedOnlyAtTheTopWithItsTagsAsOneTextImportsAsSillyTavernReadsIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = SampleCards.Parse("""{"spec": "chara_card_v2", "spec_version": "2.0", "name": "Old Tom", "data": {"description": "A lighthouse keeper.", "tags": "sea, Old Man"}}""");

        var character = await CardApi.ImportAsync(user, SampleCards.Json(card));
        var exported = await CardApi.ExportJsonAsync(user, character.GetProperty("character_id").GetGuid(), 2);
        var misnamed = await user.Client.PostAsync(CardApi.Import, SampleCards.Json("""{"spec": "chara_card_v2", "name": 7, "data": {}}"""));

        Assert.Equal(("Old Tom", 0), (character.GetProperty("name").GetString(), character.GetProperty("tags").GetArrayLength()));
        Assert.Equal(("Old Tom", "Old Tom"), (exported["name"]!.GetValue<string>(), exported["data"]!["name"]!.GetValue<string>()));
        Assert.Equal("sea, Old Man", exported["data"]!["tags"]!.GetValue<string>());
        var problem = await misnamed.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["'name' must be a string."], problem.GetProperty("errors").GetProperty("name").EnumerateArray().Select(e => e.GetString()));
    }

    /// <summary>Pygmalion's character JSON, which SillyTavern's import still converts: read as it converts it, and sent out as a V2 card.</summary>
    [Fact]
    public async Task APygmalionCharacterImportsAsSillyTavernConvertsIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var gradio = SampleCards.Parse("""
            {"char_name": "Old Tom", "char_persona": "A lighthouse keeper.", "world_scenario": "A stormy night.", "char_greeting": "Shut the door.",
             "example_dialogue": "<START>\n{{char}}: Tea?", "personality": "not read", "creator_notes": "From 2022.", "tags": "sea, Old Man"}
            """);

        var character = await CardApi.ImportAsync(user, SampleCards.Json(gradio));
        var exported = await CardApi.ExportJsonAsync(user, character.GetProperty("character_id").GetGuid(), 2);

        var expected = new Dictionary<string, string?>
        {
            ["name"] = "Old Tom", ["public_description"] = "A lighthouse keeper.", ["scenario"] = "A stormy night.", ["greeting"] = "Shut the door.",
            ["mes_example"] = "<START>\n{{char}}: Tea?", ["creator_notes"] = "From 2022.", ["personality"] = null,
        };
        Assert.Equal(expected, expected.Keys.ToDictionary(k => k, k => character.GetProperty(k).GetString()));
        Assert.Equal(["sea", "Old Man"], character.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(("chara_card_v2", "Old Tom", "Shut the door."), (exported["spec"]!.GetValue<string>(), exported["data"]!["name"]!.GetValue<string>(), exported["data"]!["first_mes"]!.GetValue<string>()));
        Assert.DoesNotContain(exported, m => m.Key.StartsWith("char_", StringComparison.Ordinal) || m.Key is "example_dialogue" or "world_scenario");
    }

    [Fact]
    public async Task ACharacterWhoseNameIsLongerThanAChatTitleStillStartsChats()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = SampleCards.V3();
        card["data"]!["name"] = "\n" + string.Concat(Enumerable.Repeat("Kael ", 60)) + "🐉";
        var id = await CardApi.ImportIdAsync(user, SampleCards.Json(card));

        var response = await CharacterApi.NewChatAsync(user, id);

        await response.AssertOkJsonAsync(HttpStatusCode.Created);
        var listed = (await (await user.Client.GetAsync("/api/v1/chat/list")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray().Single();
        Assert.Equal(string.Concat(Enumerable.Repeat("Kael ", 40)).TrimEnd(), listed.GetProperty("title").GetString()!.TrimEnd());
    }

    private static readonly string LongDescription =
        string.Concat(Enumerable.Repeat("{{char}} keeps the lighthouse.\r\n\tShe hums 歌 while she works 🌊.\f\n", 400)) + "  \n";

    /// <summary>
    /// A V2 card as people write them: whitespace at either end, CRLF, tabs, a form feed, emoji and CJK, a description far
    /// over what a form takes, blank and repeated greetings and tags, tags over 32 characters and differing only in case,
    /// a null and an empty note, and SillyTavern's top-level copies.
    /// </summary>
    private static JsonObject WrittenByHand()
    {
        var tags = Strings(["Fantasy", "fantasy", " spaced ", "", "日本語", "dragon 🐉", new string('t', 40), .. Enumerable.Range(1, 25).Select(i => $"tag{i}")]);
        var greetings = Strings(["", "  ", .. Enumerable.Range(1, 24).Select(i => $"Hello #{i}\r\n")]);
        var data = new JsonObject
        {
            ["name"] = "Zoë Marlowe",
            ["description"] = LongDescription,
            ["personality"] = "  wry,\tgenerous  ",
            ["scenario"] = "{{user}} meets {{char}} at the lighthouse.\r\n",
            ["first_mes"] = "Hi there!\n",
            ["mes_example"] = "<START>\r\n{{user}}: Hello?\r\n{{char}}: Up here!\r\n",
            ["creator_notes"] = null,
            ["system_prompt"] = "",
            ["post_history_instructions"] = " ",
            ["tags"] = tags,
            ["creator"] = "  someone  ",
            ["character_version"] = "1.0 beta\n",
            ["alternate_greetings"] = greetings,
            ["extensions"] = new JsonObject { ["talkativeness"] = "0.5", ["fav"] = false, ["world"] = "" },
        };
        return new JsonObject
        {
            ["name"] = data["name"]!.DeepClone(),
            ["description"] = LongDescription,
            ["personality"] = data["personality"]!.DeepClone(),
            ["scenario"] = data["scenario"]!.DeepClone(),
            ["first_mes"] = data["first_mes"]!.DeepClone(),
            ["mes_example"] = data["mes_example"]!.DeepClone(),
            ["creatorcomment"] = null,
            ["avatar"] = "none",
            ["talkativeness"] = "0.5",
            ["fav"] = false,
            ["tags"] = tags.DeepClone(),
            ["spec"] = "chara_card_v2",
            ["spec_version"] = "2.0",
            ["data"] = data,
        };
    }

    private static JsonArray Strings(IEnumerable<string> texts) => new([.. texts.Select(t => JsonValue.Create(t))]);
}

public sealed class CardTextTestsOnSqlite(SqliteServer server) : CardTextTests(server), IClassFixture<SqliteServer>;

public sealed class CardTextTestsOnPostgres(PostgresServer server) : CardTextTests(server), IClassFixture<PostgresServer>;
