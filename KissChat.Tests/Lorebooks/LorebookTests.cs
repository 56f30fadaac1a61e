using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KissChat.Kernel.Database;
using KissChat.Lorebooks.Data;
using KissChat.Tests.Characters;
using KissChat.Tests.Characters.Cards;
using KissChat.Tests.Chats;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Lorebooks;

/// <summary>Standalone lorebooks: their routes, SillyTavern's world info in and out, and how their entries fire in a chat.</summary>
public abstract class LorebookTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    [Fact]
    public async Task EntriesFireByTheirKeysAndRulesAndGoWhereTheyArePlaced()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var bookId = await CreateAsync(user, new
        {
            name = "Harbour",
            scan_depth = 2,
            entries = new object[]
            {
                new { id = 1, keys = new[] { "dragon" }, content = "Dragons sleep under the inn.", insertion_order = 20 },
                new { id = 2, keys = Array.Empty<string>(), content = "The sea is cold.", constant = true, position = "after_char", insertion_order = 10 },
                new { id = 3, keys = new[] { "dragon" }, content = "Disabled lore.", enabled = false },
                new { id = 4, keys = new[] { "cat" }, content = "Whole-word lore.", match_whole_words = true },
                new { id = 5, keys = new[] { "ghost" }, secondary_keys = new[] { "night" }, selective = true, selective_logic = "and_any", content = "Ghosts walk at night." },
                new { id = 6, keys = new[] { "ghost" }, secondary_keys = new[] { "night" }, selective = true, selective_logic = "not_any", content = "Ghosts hide by day." },
                new { id = 7, keys = new[] { "Kraken" }, content = "Case-sensitive lore.", case_sensitive = true },
                new { id = 8, keys = new[] { "gull" }, content = "The gull is called {{char}}'s spy.", position = "at_depth", depth = 1, role = "user" },
                new { id = 9, keys = new[] { "harpoon" }, content = "Out of scan depth." },
            },
        });
        await UseBooksAsync(user, chatId, bookId);
        await ChatScenario.SendAndReadAsync(user, chatId, "I lost my harpoon.");
        await ChatScenario.SendAndReadAsync(user, chatId, "Anything new?");

        await ChatScenario.SendAndReadAsync(user, chatId, "A dragon, a catalog, a ghost at night, a kraken and a gull!");

        var messages = Model.Requests[^1].Messages;
        var system = messages[0].Content;
        var fired = string.Join("\n", messages.Select(m => m.Content));
        Assert.Contains("Dragons sleep under the inn.", system, StringComparison.Ordinal);
        Assert.Contains("Ghosts walk at night.", system, StringComparison.Ordinal);
        Assert.True(system.IndexOf("Dragons sleep", StringComparison.Ordinal) < system.IndexOf("Personality:", StringComparison.Ordinal), system);
        Assert.True(system.IndexOf("The sea is cold.", StringComparison.Ordinal) > system.IndexOf("Scenario:", StringComparison.Ordinal), system);
        foreach (var silent in new[] { "Disabled lore.", "Whole-word lore.", "Ghosts hide by day.", "Case-sensitive lore.", "Out of scan depth." })
        {
            Assert.DoesNotContain(silent, fired, StringComparison.Ordinal);
        }

        Assert.Equal(("user", "The gull is called Mira's spy."), (messages[^2].Role, messages[^2].Content));
        Assert.StartsWith("A dragon", messages[^1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecursiveBooksFireEntriesNamedInFiredContentAndBudgetsKeepTheHigherOrders()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var bookId = await CreateAsync(user, new
        {
            name = "Chain",
            recursive_scanning = true,
            token_budget = 20,
            entries = new object[]
            {
                new { id = 1, keys = new[] { "captain" }, content = "The captain fears the lighthouse.", insertion_order = 50 },
                new { id = 2, keys = new[] { "lighthouse" }, content = "The lighthouse is haunted.", insertion_order = 40 },
                new { id = 3, keys = new[] { "captain" }, content = "A long note that does not fit in what the budget leaves over after the others.", insertion_order = 1 },
            },
        });
        await UseBooksAsync(user, chatId, bookId);

        var preview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?prompt=Where%20is%20the%20captain%3F")).AssertOkJsonAsync()).GetProperty("data");

        var lore = preview.GetProperty("lore").EnumerateArray().ToDictionary(l => l.GetProperty("entry_id").GetInt32());
        Assert.Contains("recursion", lore[2].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(lore[1].GetProperty("included").GetBoolean());
        Assert.True(lore[2].GetProperty("included").GetBoolean());
        Assert.False(lore[3].GetProperty("included").GetBoolean());
        var system = preview.GetProperty("messages")[0].GetProperty("content").GetString()!;
        Assert.Contains("The lighthouse is haunted.", system, StringComparison.Ordinal);
        Assert.DoesNotContain("A long note", system, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SillyTavernWorldInfoImportsWithItsSettingsAndExportsBackInItsFormat()
    {
        var user = await TestUser.SignUpAsync(server);
        var worldInfo = """
            {"entries": {
              "0": {"uid": 0, "key": ["moon", "/lunar/i"], "keysecondary": ["eclipse"], "comment": "Moon", "content": "The moon is red tonight.",
                    "constant": false, "selective": true, "selectiveLogic": 2, "order": 30, "position": 4, "depth": 2, "role": 1,
                    "disable": false, "caseSensitive": true, "matchWholeWords": true, "probability": 100, "group": "weather",
                    "groupWeight": 100, "sticky": 2, "cooldown": 3, "triggers": ["normal"], "displayIndex": 1},
              "1": {"uid": 1, "key": [], "content": "Always there.", "constant": true, "order": 5, "position": 1, "disable": true,
                    "vectorized": false, "ignoreBudget": false, "delayUntilRecursion": 0, "outletName": "", "group": "", "groupOverride": false,
                    "groupWeight": 100, "scanDepth": null, "useGroupScoring": null, "automationId": "", "sticky": null, "cooldown": null,
                    "delay": null, "matchPersonaDescription": false, "matchCharacterDescription": false, "matchCharacterPersonality": false,
                    "matchCharacterDepthPrompt": false, "matchScenario": false, "matchCreatorNotes": false, "triggers": [],
                    "characterFilter": {"isExclude": false, "names": [], "tags": []}, "extensions": {}, "displayIndex": 0}
            }, "name": "Sky"}
            """;

        var imported = await (await user.Client.PostAsync("/api/v1/lorebook/import", new StringContent(worldInfo, Encoding.UTF8, "application/json")))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        var id = imported.GetProperty("data").GetProperty("id").GetGuid();
        var book = (await (await user.Client.GetAsync($"/api/v1/lorebook/get/{id}")).AssertOkJsonAsync()).GetProperty("data");
        var export = await user.Client.GetAsync($"/api/v1/lorebook/export/{id}");

        Assert.Equal("Sky", book.GetProperty("name").GetString());
        var moon = book.GetProperty("entries")[0];
        Assert.Equal(["moon", "/lunar/i"], moon.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["eclipse"], moon.GetProperty("secondary_keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(("not_any", "at_depth", 2, "user", 30), (
            moon.GetProperty("selective_logic").GetString(), moon.GetProperty("position").GetString(), moon.GetProperty("depth").GetInt32(),
            moon.GetProperty("role").GetString(), moon.GetProperty("insertion_order").GetInt32()));
        Assert.True(moon.GetProperty("case_sensitive").GetBoolean() && moon.GetProperty("match_whole_words").GetBoolean());
        Assert.False(book.GetProperty("entries")[1].GetProperty("enabled").GetBoolean());
        Assert.Equal("application/json", export.Content.Headers.ContentType?.MediaType);
        var file = JsonNode.Parse(await export.Content.ReadAsStringAsync())!;
        Assert.Equal("The moon is red tonight.", file["entries"]!["0"]!["content"]!.GetValue<string>());
        Assert.Equal(2, file["entries"]!["0"]!["selectiveLogic"]!.GetValue<int>());
        Assert.Equal(4, file["entries"]!["0"]!["position"]!.GetValue<int>());
        Assert.True(file["entries"]!["1"]!["disable"]!.GetValue<bool>());
        // What SillyTavern keeps that this server does not act on goes back out as it came (its defaults are not stored).
        // SillyTavern's own order of the entries in its editor (displayIndex) too, where it is not the file's.
        Assert.Equal("""{"group":"weather","sticky":2,"cooldown":3,"triggers":["normal"],"displayIndex":1}""", moon.GetProperty("extensions").GetRawText());
        Assert.Equal("""{"displayIndex":0}""", book.GetProperty("entries")[1].GetProperty("extensions").GetRawText());
        Assert.Equal([1, 0], Enumerable.Range(0, 2).Select(i => file["entries"]![$"{i}"]!["displayIndex"]!.GetValue<int>()));
        Assert.Equal(("weather", 2, 3, 100), (file["entries"]!["0"]!["group"]!.GetValue<string>(), file["entries"]!["0"]!["sticky"]!.GetValue<int>(),
            file["entries"]!["0"]!["cooldown"]!.GetValue<int>(), file["entries"]!["0"]!["groupWeight"]!.GetValue<int>()));
        Assert.Null(file["entries"]!["0"]!["delay"]);
        Assert.Equal("normal", file["entries"]!["0"]!["triggers"]![0]!.GetValue<string>());
        Assert.Equal("", file["entries"]!["1"]!["group"]!.GetValue<string>());

        var reimported = await (await user.Client.PostAsync("/api/v1/lorebook/import", new StringContent(file.ToJsonString(), Encoding.UTF8, "application/json")))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.True(JsonElement.DeepEquals(book.GetProperty("entries"), reimported.GetProperty("data").GetProperty("entries")));
    }

    /// <summary>
    /// SillyTavern names a world after its file, taking out only what a file name cannot hold: the download (and the
    /// account export's copy) keeps the book's spaces, apostrophe and accents, so the cards and chats naming it still find it.
    /// </summary>
    [Fact]
    public async Task AnExportedBooksFileIsNamedAsSillyTavernWillNameTheWorld()
    {
        var user = await TestUser.SignUpAsync(server);
        var id = await CreateAsync(user, new { name = "Aria's Wörld: \"North\"", entries = Array.Empty<object>() });

        var export = await user.Client.GetAsync($"/api/v1/lorebook/export/{id}");
        var account = await user.Client.GetAsync("/api/v1/user/export");

        Assert.Equal("Aria's Wörld North.json", export.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Contains("filename*=UTF-8''Aria%27s%20W%C3%B6rld%20North.json", export.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await account.Content.ReadAsByteArrayAsync()));
        Assert.Contains("lorebooks/Aria's Wörld North.json", zip.Entries.Select(e => e.FullName));
    }

    /// <summary>
    /// SillyTavern's probability: an entry fires only as often as it says (0 never, 100 always, off ignored), the draw the
    /// same for a turn's preview and its reply, and the setting travels back out.
    /// </summary>
    [Fact]
    public async Task AnEntrysProbabilityDecidesWhetherItGoesInTheSameForThePreviewAndTheReply()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var worldInfo = """
            {"entries": {
              "0": {"uid": 0, "key": ["dragon"], "content": "Never told.", "probability": 0, "useProbability": true},
              "1": {"uid": 1, "key": ["dragon"], "content": "Chance ignored.", "probability": 0, "useProbability": false},
              "2": {"uid": 2, "key": ["dragon"], "content": "Always told.", "probability": 100, "useProbability": true},
              "3": {"uid": 3, "key": ["dragon"], "content": "Half the time.", "probability": 50, "useProbability": true}
            }, "name": "Odds"}
            """;
        var bookId = await ImportWorldAsync(user, worldInfo);
        await UseBooksAsync(user, chatId, bookId);

        var preview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?prompt=A%20dragon%21")).AssertOkJsonAsync()).GetProperty("data");
        await ChatScenario.SendAndReadAsync(user, chatId, "A dragon!");

        var fired = preview.GetProperty("lore").EnumerateArray().Select(l => l.GetProperty("entry_id").GetInt32()).ToHashSet();
        Assert.DoesNotContain(0, fired);
        Assert.Contains(1, fired);
        Assert.Contains(2, fired);
        var sent = Model.Requests[^1].Messages[0].Content;
        Assert.DoesNotContain("Never told.", sent, StringComparison.Ordinal);
        Assert.Contains("Always told.", sent, StringComparison.Ordinal);
        Assert.Equal(fired.Contains(3), sent.Contains("Half the time.", StringComparison.Ordinal));
        var export = JsonNode.Parse(await (await user.Client.GetAsync($"/api/v1/lorebook/export/{bookId}")).Content.ReadAsStringAsync())!;
        // The switched-off chance goes back as it came, so it is there again when switched on in SillyTavern.
        Assert.Equal([0, 0, 100, 50], Enumerable.Range(0, 4).Select(i => export["entries"]![$"{i}"]!["probability"]!.GetValue<int>()));
        Assert.Equal([true, false, true, true], Enumerable.Range(0, 4).Select(i => export["entries"]![$"{i}"]!["useProbability"]!.GetValue<bool>()));

        // …until its chance is set here: then that one is used.
        var entries = (await (await user.Client.GetAsync($"/api/v1/lorebook/get/{bookId}")).AssertOkJsonAsync()).GetProperty("data").GetProperty("entries");
        var edited = JsonNode.Parse(entries.GetRawText())!.AsArray();
        edited[1]!["probability"] = 40;
        await (await user.Client.PatchAsJsonAsync($"/api/v1/lorebook/update/{bookId}", new { entries = edited })).AssertOkJsonAsync();
        var again = JsonNode.Parse(await (await user.Client.GetAsync($"/api/v1/lorebook/export/{bookId}")).Content.ReadAsStringAsync())!["entries"]!["1"]!;
        Assert.Equal((40, true), (again["probability"]!.GetValue<int>(), again["useProbability"]!.GetValue<bool>()));
    }

    /// <summary>SillyTavern's world files hold no name: it names a world after its file, and a card finds its world by that name.</summary>
    [Fact]
    public async Task AWorldWithoutANameIsNamedAfterItsFileUnlessANameIsAsked()
    {
        var user = await TestUser.SignUpAsync(server);
        var world = Encoding.UTF8.GetBytes("""{"entries": {"0": {"uid": 0, "key": ["glade"], "content": "A quiet glade."}}}""");

        async Task<string?> NameAsync(HttpContent file, string query = "") =>
            (await (await user.Client.PostAsync($"/api/v1/lorebook/import{query}", file)).AssertOkJsonAsync(HttpStatusCode.Created))
            .GetProperty("data").GetProperty("name").GetString();

        Assert.Equal("Eldoria", await NameAsync(Characters.TestImages.Form(world, "Eldoria.json", "application/json")));
        Assert.Equal("Glades", await NameAsync(Characters.TestImages.Form(world, "Eldoria.json", "application/json"), "?name=Glades"));
        Assert.Equal("Imported lorebook", await NameAsync(new ByteArrayContent(world) { Headers = { ContentType = new("application/json") } }));
    }

    /// <summary>
    /// SillyTavern shows a world by its file's name, whatever the file holds: a world renamed there after it came from a
    /// card still carries that card's book (<c>originalData</c>), and a file this server wrote its old <c>name</c>.
    /// </summary>
    [Fact]
    public async Task AWorldRenamedInSillyTavernComesInUnderItsFilesName()
    {
        var user = await TestUser.SignUpAsync(server);
        var renamed = Encoding.UTF8.GetBytes("""{"entries": {"0": {"uid": 0, "key": ["glade"], "content": "A quiet glade."}}, "originalData": {"name": "orig", "entries": []}}""");
        var ours = Encoding.UTF8.GetBytes("""{"name": "Old World", "entries": {"0": {"uid": 0, "key": ["glade"], "content": "A quiet glade."}}, "originalData": {"name": "orig", "entries": []}}""");

        async Task<string?> NameAsync(HttpContent file) =>
            (await (await user.Client.PostAsync("/api/v1/lorebook/import", file)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("name").GetString();

        Assert.Equal("Aria World", await NameAsync(Characters.TestImages.Form(renamed, "Aria World.json", "application/json")));
        Assert.Equal("Aria World 2", await NameAsync(Characters.TestImages.Form(ours, "Aria World 2.json", "application/json")));
        Assert.Equal("Old World", await NameAsync(new ByteArrayContent(ours) { Headers = { ContentType = new("application/json") } }));
        Assert.Equal("Imported lorebook", await NameAsync(new ByteArrayContent(renamed) { Headers = { ContentType = new("application/json") } }));
    }

    [Fact]
    public async Task ACharacterBookOrACardCarryingOneImportsAsALorebook()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = Characters.Cards.SampleCards.SillyTavernV2();

        var cardEntryExtensions = card["data"]!["character_book"]!["entries"]![0]!["extensions"]!.AsObject();
        cardEntryExtensions["group_override"] = true;
        cardEntryExtensions["sticky"] = 2;
        cardEntryExtensions["cooldown"] = null;
        cardEntryExtensions["outlet_name"] = "scene";
        cardEntryExtensions["match_scenario"] = true;
        cardEntryExtensions["ignore_budget"] = true;
        cardEntryExtensions["triggers"] = new JsonArray();
        // Off, not "as set for all" (null): kept, as SillyTavern's convertCharacterBook keeps it.
        cardEntryExtensions["use_group_scoring"] = false;
        var fromCard = await (await user.Client.PostAsync("/api/v1/lorebook/import", Characters.Cards.SampleCards.Json(card))).AssertOkJsonAsync(HttpStatusCode.Created);
        var fromBook = await (await user.Client.PostAsync("/api/v1/lorebook/import", Characters.Cards.SampleCards.Json(card["data"]!["character_book"]!))).AssertOkJsonAsync(HttpStatusCode.Created);
        var notABook = await user.Client.PostAsync("/api/v1/lorebook/import", new StringContent("""{"hello": "world"}""", Encoding.UTF8, "application/json"));
        var badKey = await user.Client.PostAsync("/api/v1/lorebook/import", new StringContent("""{"entries": {"0": {"key": ["/(unclosed/"], "content": "x"}}}""", Encoding.UTF8, "application/json"));

        foreach (var book in new[] { fromCard, fromBook })
        {
            var entry = book.GetProperty("data").GetProperty("entries")[0];
            Assert.Equal("Eldoria", book.GetProperty("data").GetProperty("name").GetString());
            Assert.Equal("Shadowy creatures roam the edge of Eldoria at night.", entry.GetProperty("content").GetString());
            Assert.True(entry.GetProperty("use_regex").GetBoolean());
            // SillyTavern's extras in a card entry's extensions are kept under world info's names, ready for its export.
            Assert.Equal("""{"groupOverride":true,"sticky":2,"outletName":"scene","matchScenario":true,"ignoreBudget":true,"useGroupScoring":false}""", entry.GetProperty("extensions").GetRawText());
            var export = JsonNode.Parse(await (await user.Client.GetAsync($"/api/v1/lorebook/export/{book.GetProperty("data").GetProperty("id").GetGuid()}")).Content.ReadAsStringAsync())!;
            Assert.False(export["entries"]!["0"]!["useGroupScoring"]!.GetValue<bool>());
        }

        await notABook.AssertProblemAsync(HttpStatusCode.BadRequest);
        await badKey.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>The other apps' lorebooks SillyTavern's world-info import converts, read as it converts them.</summary>
    [Theory]
    [InlineData("""
        {"lorebookVersion": 5, "settings": {"orderByKeyLocations": false}, "categories": [],
         "entries": [{"text": "The tower hums at dusk.", "keys": ["tower", "spire"], "displayName": "Tower", "enabled": true, "contextConfig": {"budgetPriority": 400}},
                     {"text": "Old rumour.", "keys": ["rumour"], "displayName": "", "enabled": false, "contextConfig": "none"}]}
        """, "Harbour.lorebook")]
    [InlineData("""
        {"kind": "memory", "name": "Harbour memory", "description": "From Agnai.",
         "entries": [{"name": "Tower", "entry": "The tower hums at dusk.", "keywords": ["tower", "spire"], "priority": 1, "weight": 400, "enabled": true},
                     {"name": "", "entry": "Old rumour.", "keywords": ["rumour"], "priority": 1, "weight": 0, "enabled": false}]}
        """, "agnai.json")]
    [InlineData("""
        {"type": "risu", "ver": 1,
         "data": [{"key": "tower, spire", "secondkey": "", "comment": "Tower", "content": "The tower hums at dusk.", "mode": "normal", "insertorder": 400, "alwaysActive": false, "selective": false},
                  {"key": "rumour", "secondkey": "night, dark", "comment": "", "content": "Old rumour.", "mode": "normal", "insertorder": 0, "alwaysActive": true, "selective": true, "activationPercent": 30}]}
        """, "risu.json")]
    public async Task NovelAiAgnaiAndRisuLorebooksComeInAsSillyTavernConvertsThem(string file, string fileName)
    {
        var user = await TestUser.SignUpAsync(server);
        var upload = new MultipartFormDataContent { { new StringContent(file, Encoding.UTF8, "application/json"), "file", fileName } };

        var book = (await (await user.Client.PostAsync("/api/v1/lorebook/import", upload)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");

        var (tower, rumour) = (book.GetProperty("entries")[0], book.GetProperty("entries")[1]);
        Assert.Equal(fileName == "agnai.json" ? "Harbour memory" : fileName[..fileName.LastIndexOf('.')], book.GetProperty("name").GetString());
        Assert.Equal(["tower", "spire"], tower.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(("The tower hums at dusk.", "Tower", 400, "before_char"), (tower.GetProperty("content").GetString(), tower.GetProperty("comment").GetString(), tower.GetProperty("insertion_order").GetInt32(), tower.GetProperty("position").GetString()));
        Assert.Equal(("Old rumour.", JsonValueKind.Null, 0), (rumour.GetProperty("content").GetString(), rumour.GetProperty("comment").ValueKind, rumour.GetProperty("insertion_order").GetInt32()));
        if (fileName == "risu.json")
        {
            Assert.True(rumour.GetProperty("enabled").GetBoolean());
            Assert.Equal((true, true, 30), (rumour.GetProperty("constant").GetBoolean(), rumour.GetProperty("selective").GetBoolean(), rumour.GetProperty("probability").GetInt32()));
            Assert.Equal(["night", "dark"], rumour.GetProperty("secondary_keys").EnumerateArray().Select(k => k.GetString()));
        }
        else
        {
            Assert.False(rumour.GetProperty("enabled").GetBoolean());
        }
    }

    /// <summary>
    /// NovelAI also hides a lorebook in a picture, base64 in its 'naidata' chunk, which SillyTavern's world-info import reads
    /// from a .png; a character card's PNG is still refused here.
    /// </summary>
    [Fact]
    public async Task ANovelAiLorebookPngComesInAsItsJsonDoesAndACardPngStaysACard()
    {
        var user = await TestUser.SignUpAsync(server);
        const string novelAi = """
            {"lorebookVersion": 5, "entries": [{"text": "The tower hums at dusk. Ünïcödé.", "keys": ["tower", "spire"], "displayName": "Tower", "enabled": true, "contextConfig": {"budgetPriority": 400}}]}
            """;
        Task<HttpResponseMessage> ImportAsync(byte[] png, string fileName) => user.Client.PostAsync("/api/v1/lorebook/import", SampleCards.Upload(png, fileName));

        var book = (await (await ImportAsync(PngFile.WithCards(("naidata", novelAi)), "Harbour.png")).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");
        var card = await ImportAsync(SampleCards.Png(("chara", SampleCards.SillyTavernV2())), "card.png");
        var notNovelAi = await ImportAsync(PngFile.WithCards(("naidata", """{"entries": {}}""")), "world.png");

        var tower = book.GetProperty("entries")[0];
        Assert.Equal("Harbour", book.GetProperty("name").GetString());
        Assert.Equal(["tower", "spire"], tower.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(("The tower hums at dusk. Ünïcödé.", "Tower", 400), (tower.GetProperty("content").GetString(), tower.GetProperty("comment").GetString(), tower.GetProperty("insertion_order").GetInt32()));
        Assert.Contains("comes in with its character", (await card.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("'naidata' chunk holds no NovelAI lorebook", (await notNovelAi.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// SillyTavern places entries around the author's note (2, 3) and the examples (5, 6), which become at a depth and after
    /// the character here: they go back out where they were, unless their position was changed here.
    /// </summary>
    [Fact]
    public async Task PositionsOursOnlyApproximateGoBackOutAsSillyTavernHadThem()
    {
        var user = await TestUser.SignUpAsync(server);
        var imported = await (await user.Client.PostAsync("/api/v1/lorebook/import", new StringContent("""
            {"name": "Places", "entries": {"0": {"uid": 0, "key": ["a"], "content": "a", "position": 2},
                                           "1": {"uid": 1, "key": ["b"], "content": "b", "position": 6},
                                           "2": {"uid": 2, "key": ["c"], "content": "c", "position": 3},
                                           "3": {"uid": 3, "key": ["d"], "content": "d", "position": 7, "outletName": "scene"}}}
            """, Encoding.UTF8, "application/json"))).AssertOkJsonAsync(HttpStatusCode.Created);
        var book = imported.GetProperty("data");
        var id = book.GetProperty("id").GetGuid();
        var entries = JsonNode.Parse(book.GetProperty("entries").GetRawText())!.AsArray();
        entries[2]!["position"] = "before_char";
        await (await user.Client.PatchAsJsonAsync($"/api/v1/lorebook/update/{id}", new { entries })).AssertOkJsonAsync();

        var export = JsonNode.Parse(await (await user.Client.GetAsync($"/api/v1/lorebook/export/{id}")).Content.ReadAsStringAsync())!;

        Assert.Equal(["at_depth", "after_char", "at_depth", "outlet"], book.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("position").GetString()));
        Assert.Equal([2, 6, 0, 7], Enumerable.Range(0, 4).Select(i => export["entries"]![$"{i}"]!["position"]!.GetValue<int>()));
        Assert.Equal("scene", export["entries"]!["3"]!["outletName"]!.GetValue<string>());
    }

    /// <summary>SillyTavern's lore at the top and bottom of the author's note goes in with the note, around it, at its depth.</summary>
    [Fact]
    public async Task LoreAroundTheAuthorsNoteGoesInWithItAtItsDepth()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatWithWorldAndNoteAsync(user, """
            {"entries": {
              "0": {"uid": 0, "key": [], "constant": true, "content": "Above the note.", "position": 2, "depth": 9},
              "1": {"uid": 1, "key": [], "constant": true, "content": "Below the note.", "position": 3, "depth": 9},
              "2": {"uid": 2, "key": [], "constant": true, "content": "Deep lore.", "position": 4, "depth": 9}
            }, "name": "Around"}
            """, new { text = "The note.", depth = 0 });

        await ChatScenario.SendAndReadAsync(user, chatId, "Hello?");

        var sent = Model.Requests[^1].Messages.Select(m => m.Content).ToList();
        Assert.Equal("Above the note.\nThe note.\nBelow the note.", sent[^1]);
        Assert.Equal("Hello?", sent[^2]);
        Assert.Contains("Deep lore.", sent);
    }

    /// <summary>
    /// SillyTavern's note interval: the note goes in when the chat's user messages are a multiple of it, and the lore
    /// around the note only with it. Its role is the message's.
    /// </summary>
    [Fact]
    public async Task TheAuthorsNoteSpeaksInItsRoleAndOnlyOnItsTurnsWithTheLoreAroundIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatWithWorldAndNoteAsync(user, """
            {"entries": {
              "0": {"uid": 0, "key": [], "constant": true, "content": "Above the note.", "position": 2},
              "1": {"uid": 1, "key": [], "constant": true, "content": "Deep lore.", "position": 4, "depth": 9}
            }, "name": "Every other"}
            """, new { text = "The note.", depth = 0, role = "user", interval = 2 });

        await ChatScenario.SendAndReadAsync(user, chatId, "One.");
        var first = Model.Requests[^1].Messages;
        await ChatScenario.SendAndReadAsync(user, chatId, "Two.");
        var second = Model.Requests[^1].Messages;

        Assert.Equal("One.", first[^1].Content);
        Assert.DoesNotContain(first, m => m.Content.Contains("note.", StringComparison.Ordinal));
        Assert.Contains(first, m => m.Content == "Deep lore.");
        Assert.Equal(("user", "Above the note.\nThe note."), (second[^1].Role, second[^1].Content));
        Assert.Equal("Two.", second[^2].Content);
    }

    private async Task<Guid> ChatWithWorldAndNoteAsync(TestUser user, string world, object authorNote)
    {
        var chatId = await ChatScenario.NewChatAsync(user);
        await UseBooksAsync(user, chatId, await ImportWorldAsync(user, world));
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { author_note = authorNote })).AssertOkJsonAsync();
        return chatId;
    }

    /// <summary>Other apps write what this server would refuse from a person: an import takes such settings as unset.</summary>
    [Fact]
    public async Task SettingsOutOfBoundsInAnImportedBookComeInAsUnset()
    {
        var user = await TestUser.SignUpAsync(server);

        var imported = await (await user.Client.PostAsync("/api/v1/lorebook/import", new StringContent("""
            {"name": "Odd", "scan_depth": -3, "token_budget": 0, "entries": [{"keys": ["k"], "content": "c", "extensions": {"depth": 2147483647}}]}
            """, Encoding.UTF8, "application/json"))).AssertOkJsonAsync(HttpStatusCode.Created);

        var book = imported.GetProperty("data");
        Assert.Equal(JsonValueKind.Null, book.GetProperty("scan_depth").ValueKind);
        Assert.Equal(JsonValueKind.Null, book.GetProperty("token_budget").ValueKind);
        Assert.Equal(4, book.GetProperty("entries")[0].GetProperty("depth").GetInt32());
    }

    /// <summary>SillyTavern reads a card book entry's case sensitivity from its extension alone (convertCharacterBook); the spec's member only where that is unset.</summary>
    [Fact]
    public async Task ACardBookEntrysCaseSensitivityIsItsExtensionsWhereBothAreSet()
    {
        var user = await TestUser.SignUpAsync(server);

        var imported = await (await user.Client.PostAsync("/api/v1/lorebook/import", new StringContent("""
            {"name": "Cased", "entries": [
              {"keys": ["Kraken"], "content": "a", "case_sensitive": false, "extensions": {"case_sensitive": true}},
              {"keys": ["Gull"], "content": "b", "case_sensitive": true}
            ]}
            """, Encoding.UTF8, "application/json"))).AssertOkJsonAsync(HttpStatusCode.Created);

        var entries = imported.GetProperty("data").GetProperty("entries");
        Assert.Equal([true, true], entries.EnumerateArray().Select(e => e.GetProperty("case_sensitive").GetBoolean()));
    }

    [Fact]
    public async Task AnEntrysExtensionsAreKeptAsSentWithinTheirLimit()
    {
        var user = await TestUser.SignUpAsync(server);

        var kept = await user.Client.PostAsJsonAsync("/api/v1/lorebook/create", new { name = "Kept", entries = new[] { new { keys = new[] { "x" }, content = "x", extensions = new { sticky = 1, outlet = "a" } } } });
        var tooLarge = await user.Client.PostAsJsonAsync("/api/v1/lorebook/create", new { name = "Large", entries = new[] { new { keys = new[] { "x" }, content = "x", extensions = new { note = new string('n', 4000) } } } });

        var entry = (await kept.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("entries")[0];
        Assert.Equal("""{"sticky":1,"outlet":"a"}""", entry.GetProperty("extensions").GetRawText());
        var problem = await tooLarge.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("entries[0].extensions", out _), problem.ToString());
    }

    [Fact]
    public async Task LorebooksAreListedUpdatedAndDeletedOnlyByTheirOwnerAndLeaveTheirChatsWhenDeleted()
    {
        var owner = await TestUser.SignUpAsync(server);
        var other = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(owner);
        var bookId = await CreateAsync(owner, new { name = "Old name", entries = new[] { new { keys = new[] { "x" }, content = "y" } } });
        await UseBooksAsync(owner, chatId, bookId);

        await (await other.Client.GetAsync($"/api/v1/lorebook/get/{bookId}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await other.Client.PatchAsJsonAsync($"/api/v1/lorebook/update/{bookId}", new { name = "Mine" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await other.Client.DeleteAsync($"/api/v1/lorebook/delete/{bookId}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        var updated = await (await owner.Client.PatchAsJsonAsync($"/api/v1/lorebook/update/{bookId}", new { name = "New name" })).AssertOkJsonAsync();
        var listed = (await (await owner.Client.GetAsync("/api/v1/lorebook/list")).AssertOkJsonAsync()).GetProperty("data");
        var othersList = (await (await other.Client.GetAsync("/api/v1/lorebook/list")).AssertOkJsonAsync()).GetProperty("data");

        Assert.Equal("New name", updated.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal(1, updated.GetProperty("data").GetProperty("entries").GetArrayLength());
        Assert.Equal(("New name", 1), (listed[0].GetProperty("name").GetString(), listed[0].GetProperty("entry_count").GetInt32()));
        Assert.Equal(0, othersList.GetArrayLength());

        await (await owner.Client.DeleteAsync($"/api/v1/lorebook/delete/{bookId}")).AssertOkJsonAsync();
        var chat = (await (await owner.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(0, chat.GetProperty("lorebook_ids").GetArrayLength());
        await (await owner.Client.GetAsync($"/api/v1/lorebook/get/{bookId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheListCountsEntriesAndTheDeleteChecksTheOwnerWithoutReadingAnyEntries()
    {
        var owner = await TestUser.SignUpAsync(server);
        var other = await TestUser.SignUpAsync(server);
        var entries = Enumerable.Range(0, 7).Select(i => new { keys = new[] { $"k{i}" }, content = new string('c', 5000) }).ToArray();
        var full = await CreateAsync(owner, new { name = "Full", description = "Seven", entries });
        var empty = await CreateAsync(owner, new { name = "Empty" });
        using var ownerCommands = RequestCommands.Of(owner.Client);
        using var otherCommands = RequestCommands.Of(other.Client);

        var listed = (await (await owner.Client.GetAsync("/api/v1/lorebook/list")).AssertOkJsonAsync()).GetProperty("data");
        await (await other.Client.DeleteAsync($"/api/v1/lorebook/delete/{full}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.Client.DeleteAsync($"/api/v1/lorebook/delete/{empty}")).AssertOkJsonAsync();

        Assert.Equal(
            [(empty, "Empty", JsonValueKind.Null, 0), (full, "Full", JsonValueKind.String, 7)],
            listed.EnumerateArray().Select(b => (b.GetProperty("id").GetGuid(), b.GetProperty("name").GetString(), b.GetProperty("description").ValueKind, b.GetProperty("entry_count").GetInt32())));
        Assert.NotEmpty(ownerCommands.Texts);
        Assert.NotEmpty(otherCommands.Texts);
        // EF names a selected column by its table's alias (b.entries, "b"."entries"); the count's own SQL does not select it.
        Assert.DoesNotContain(ownerCommands.Texts.Concat(otherCommands.Texts), sql => Regex.IsMatch(sql, "\\.\"?entries"));
    }

    [Fact]
    public async Task AnAccountKeepsAtMostAThousandLorebooks()
    {
        var user = await TestUser.SignUpAsync(server);
        var now = DateTime.UtcNow;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            db.AddRange(Enumerable.Range(0, LorebookLimits.PerUser - 1).Select(i => new Lorebook { Id = Guid.CreateVersion7(), UserId = user.Id, Name = $"Book {i}", CreatedAt = now, UpdatedAt = now }));
            await db.SaveChangesAsync();
        }

        var last = await CreateAsync(user, new { name = "The thousandth" });
        await (await user.Client.PostAsJsonAsync("/api/v1/lorebook/create", new { name = "One more" })).AssertProblemAsync(HttpStatusCode.Conflict);
        var imported = await user.Client.PostAsync("/api/v1/lorebook/import", new StringContent("""{"entries": {"0": {"key": ["k"], "content": "c"}}}""", Encoding.UTF8, "application/json"));
        await imported.AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(LorebookLimits.PerUser, (await (await user.Client.GetAsync("/api/v1/lorebook/list")).AssertOkJsonAsync()).GetProperty("data").GetArrayLength());
        await (await user.Client.DeleteAsync($"/api/v1/lorebook/delete/{last}")).AssertOkJsonAsync();
        await CreateAsync(user, new { name = "Room again" });
    }

    [Fact]
    public async Task BooksChangedBetweenTurnsFireAsChangedOnTheNextTurn()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var chatId = await ChatScenario.NewChatAsync(user, characterId);
        var bookId = await CreateAsync(user, new { name = "World", entries = new[] { new { keys = new[] { "tower" }, content = "The tower is old." } } });
        await UseBooksAsync(user, chatId, bookId);
        await SetCharacterBookAsync(user, characterId, "The well is dry.");
        await ChatScenario.SendAndReadAsync(user, chatId, "The tower and the well?");
        var before = string.Join("\n", Model.Requests[^1].Messages.Select(m => m.Content));

        await (await user.Client.PatchAsJsonAsync($"/api/v1/lorebook/update/{bookId}", new
        {
            entries = new[] { new { keys = new[] { "tower" }, content = "The tower fell last night." } },
        })).AssertOkJsonAsync();
        await SetCharacterBookAsync(user, characterId, "The well is full again.");
        await ChatScenario.SendAndReadAsync(user, chatId, "And now?");

        var after = string.Join("\n", Model.Requests[^1].Messages.Select(m => m.Content));
        Assert.Contains("The tower is old.", before, StringComparison.Ordinal);
        Assert.Contains("The well is dry.", before, StringComparison.Ordinal);
        Assert.Contains("The tower fell last night.", after, StringComparison.Ordinal);
        Assert.Contains("The well is full again.", after, StringComparison.Ordinal);
        Assert.DoesNotContain("The tower is old.", after, StringComparison.Ordinal);
        Assert.DoesNotContain("The well is dry.", after, StringComparison.Ordinal);
    }

    /// <summary>
    /// What SillyTavern's entries say beyond their keys is acted on: inclusion groups (override, weight, scoring), an
    /// entry's own scan depth, its triggers, its delay, a delay until recursion, and ignoring the book's budget.
    /// </summary>
    [Fact]
    public async Task SillyTavernsInclusionGroupsTriggersDelaysAndOwnScanDepthsDecideWhatGoesIn()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var worldInfo = """
            {"entries": {
              "0": {"uid": 0, "key": ["door"], "content": "Door A.", "order": 10, "group": "door", "groupOverride": true},
              "1": {"uid": 1, "key": ["door"], "content": "Door B.", "order": 20, "group": "door, portal", "groupOverride": true},
              "2": {"uid": 2, "key": ["door"], "content": "Door C.", "order": 30, "group": "door"},
              "3": {"uid": 3, "key": ["sky"], "content": "Sky D.", "group": "sky", "groupWeight": 50},
              "4": {"uid": 4, "key": ["sky"], "content": "Sky E.", "group": "sky", "groupWeight": 50},
              "5": {"uid": 5, "key": ["inn"], "content": "Inn F.", "group": "tavern", "useGroupScoring": true},
              "6": {"uid": 6, "key": ["inn", "ale"], "content": "Inn G.", "group": "tavern", "useGroupScoring": true},
              "7": {"uid": 7, "key": [], "constant": true, "content": "Only when I write.", "triggers": ["impersonate"]},
              "8": {"uid": 8, "key": [], "constant": true, "content": "Late lore.", "delay": 5},
              "9": {"uid": 9, "key": ["lantern"], "content": "A deep light.", "scanDepth": 4},
              "10": {"uid": 10, "key": ["lantern"], "content": "A shallow light."},
              "11": {"uid": 11, "key": ["sky"], "content": "Recursion only.", "delayUntilRecursion": true},
              "12": {"uid": 12, "key": [], "constant": true, "content": "A very long entry that ignores the budget of its book entirely.", "ignoreBudget": true}
            }, "name": "Rules"}
            """;
        var bookId = await ImportWorldAsync(user, worldInfo);
        await (await user.Client.PatchAsJsonAsync($"/api/v1/lorebook/update/{bookId}", new { scan_depth = 1, recursive_scanning = true, token_budget = 10 })).AssertOkJsonAsync();
        await UseBooksAsync(user, chatId, bookId);
        await ChatScenario.SendAndReadAsync(user, chatId, "A lantern hangs by the window.");
        const string Asked = "A door, the sky, an inn with ale.";

        var normal = await FiredAsync(user, $"chat/{chatId}/prompt?prompt={Uri.EscapeDataString(Asked)}");
        var impersonating = await FiredAsync(user, $"chat/{chatId}/prompt?impersonate=true");

        Assert.Contains(1, normal.Keys);
        Assert.DoesNotContain(0, normal.Keys);
        Assert.DoesNotContain(2, normal.Keys);
        Assert.Contains("first by override in inclusion group 'door'", normal[1].Reason, StringComparison.Ordinal);
        Assert.Single(normal.Keys, id => id is 3 or 4);
        Assert.Contains("inclusion group 'sky'", normal[normal.ContainsKey(3) ? 3 : 4].Reason, StringComparison.Ordinal);
        Assert.Contains(6, normal.Keys);
        Assert.DoesNotContain(5, normal.Keys);
        Assert.DoesNotContain(7, normal.Keys);
        Assert.Contains(7, impersonating.Keys);
        Assert.DoesNotContain(8, normal.Keys);
        Assert.Contains(9, normal.Keys);
        Assert.DoesNotContain(10, normal.Keys);
        Assert.Contains("recursion", normal[11].Reason, StringComparison.Ordinal);
        Assert.True(normal[12].Included);
        Assert.Contains("outside the budget", normal[12].Reason, StringComparison.Ordinal);
        // The same draw for the reply as for its preview.
        await ChatScenario.SendAndReadAsync(user, chatId, Asked);
        var sent = Model.Requests[^1].Messages[0].Content;
        Assert.Equal(normal.ContainsKey(3), sent.Contains("Sky D.", StringComparison.Ordinal));
        Assert.Equal(normal.ContainsKey(4), sent.Contains("Sky E.", StringComparison.Ordinal));
    }

    /// <summary>
    /// As SillyTavern scans them, messages are read with their speakers' names (a key naming the character fires on its
    /// greeting), and an entry that leaves whole words unset matches whole words.
    /// </summary>
    [Fact]
    public async Task KeysFindTheSpeakersNamesAndUnsetWholeWordsAreWholeWords()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var bookId = await ImportWorldAsync(user, """
            {"entries": {
              "0": {"uid": 0, "key": ["mira"], "content": "Named lore."},
              "1": {"uid": 1, "key": ["cat"], "content": "Cat lore."},
              "2": {"uid": 2, "key": ["cat"], "content": "Loose cat lore.", "matchWholeWords": false}
            }, "name": "Names"}
            """);
        await UseBooksAsync(user, chatId, bookId);

        var fired = await FiredAsync(user, $"chat/{chatId}/prompt?prompt={Uri.EscapeDataString("A category of things.")}");

        Assert.Contains(0, fired.Keys);
        Assert.DoesNotContain(1, fired.Keys);
        Assert.Contains(2, fired.Keys);
    }

    /// <summary>
    /// SillyTavern's character filter: an entry kept to the characters it names or tags, or kept from them, decided for the
    /// character who speaks (in a group chat, each in turn); names and tags ignoring case; a character without tags is kept
    /// out of an entry for some tags (as there), and a tag id from another install names no tag here.
    /// </summary>
    [Fact]
    public async Task AnEntrysCharacterFilterKeepsItToOrFromTheCharacterWhoSpeaks()
    {
        var user = await TestUser.SignUpAsync(server);
        var mira = await CharacterApi.CreateIdAsync(user, new { name = "Mira", personality = "An elf.", tags = new[] { "Elf", "archer" } });
        var bo = await CharacterApi.CreateIdAsync(user, new { name = "Bo", personality = "A dwarf." });
        var chatId = (await (await user.Client.PostAsJsonAsync("/api/v1/chat/new", new { character_ids = new[] { mira, bo } })).AssertOkJsonAsync(HttpStatusCode.Created))
            .GetProperty("newChatID").GetGuid();
        var worldInfo = """
            {"entries": {
              "0": {"uid": 0, "key": [], "constant": true, "content": "Mira only.", "characterFilter": {"isExclude": false, "names": ["mira"], "tags": []}},
              "1": {"uid": 1, "key": [], "constant": true, "content": "Anyone but Mira.", "characterFilter": {"isExclude": true, "names": ["Mira"], "tags": []}},
              "2": {"uid": 2, "key": [], "constant": true, "content": "Elves only.", "characterFilter": {"isExclude": false, "names": [], "tags": ["elf"]}},
              "3": {"uid": 3, "key": [], "constant": true, "content": "No elves.", "characterFilter": {"isExclude": true, "names": [], "tags": ["ELF"]}},
              "4": {"uid": 4, "key": [], "constant": true, "content": "Another install's tag.", "characterFilter": {"isExclude": false, "names": [], "tags": ["1700000000000"]}},
              "5": {"uid": 5, "key": [], "constant": true, "content": "For all."}
            }, "name": "Filtered"}
            """;
        var bookId = await ImportWorldAsync(user, worldInfo);
        await UseBooksAsync(user, chatId, bookId);

        var forMira = await FiredAsync(user, $"chat/{chatId}/prompt?prompt=Hello.&character_id={mira}");
        var forBo = await FiredAsync(user, $"chat/{chatId}/prompt?prompt=Hello.&character_id={bo}");

        Assert.Equal([0, 2, 5], forMira.Keys.Order());
        Assert.Equal([1, 3, 5], forBo.Keys.Order());
        // The reply is built for its speaker alike, and the filter goes back out as it came.
        await ChatScenario.SendAndReadAsync(user, chatId, "Hello.", new { character_id = bo });
        var sent = Model.Requests[^1].Messages[0].Content;
        Assert.Contains("Anyone but Mira.", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("Mira only.", sent, StringComparison.Ordinal);
        var export = JsonNode.Parse(await (await user.Client.GetAsync($"/api/v1/lorebook/export/{bookId}")).Content.ReadAsStringAsync())!;
        Assert.Equal("ELF", export["entries"]!["3"]!["characterFilter"]!["tags"]![0]!.GetValue<string>());
        Assert.True(export["entries"]!["1"]!["characterFilter"]!["isExclude"]!.GetValue<bool>());
    }

    /// <summary>
    /// SillyTavern's sticky and cooldown, counted in the chat's messages from the turn an entry went in: a sticky entry
    /// stays in without its keys (and wins its inclusion group), a cooling one stays out with them. A preview moves nothing
    /// on, and a regeneration takes the place of the turn it regenerates instead of starting the timers again. A number
    /// written as a string counts, as JavaScript's <c>Number()</c> reads it in SillyTavern.
    /// </summary>
    [Fact]
    public async Task AStickyEntryStaysInAndACoolingOneStaysOutForTheirMessages()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var worldInfo = """
            {"entries": {
              "0": {"uid": 0, "key": ["dragon"], "content": "Dragons linger.", "sticky": "4", "group": "beast"},
              "1": {"uid": 1, "key": ["bell"], "content": "The bell rings.", "cooldown": 4},
              "2": {"uid": 2, "key": ["beast"], "content": "A beast prowls.", "group": "beast", "groupOverride": true, "order": 900}
            }, "name": "Timed"}
            """;
        await UseBooksAsync(user, chatId, await ImportWorldAsync(user, worldInfo));
        await ChatScenario.SendAndReadAsync(user, chatId, "A dragon, and a bell tolls.");
        Assert.Contains("Dragons linger.", Model.Requests[^1].Messages[0].Content, StringComparison.Ordinal);
        Assert.Contains("The bell rings.", Model.Requests[^1].Messages[0].Content, StringComparison.Ordinal);
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));
        var regenerated = Model.Requests[^1].Messages[0].Content;
        const string Next = "The bell again, and a beast.";

        var previewed = await FiredAsync(user, $"chat/{chatId}/prompt?prompt={Uri.EscapeDataString(Next)}");
        var previewedAgain = await FiredAsync(user, $"chat/{chatId}/prompt?prompt={Uri.EscapeDataString(Next)}");
        await ChatScenario.SendAndReadAsync(user, chatId, Next);
        var stuck = Model.Requests[^1].Messages[0].Content;
        await ChatScenario.SendAndReadAsync(user, chatId, "The bell, once more.");
        var after = Model.Requests[^1].Messages[0].Content;

        Assert.Contains("The bell rings.", regenerated, StringComparison.Ordinal);
        Assert.Equal([0], previewed.Keys.Order());
        Assert.Equal("sticky", previewed[0].Reason);
        Assert.Equal(previewed, previewedAgain);
        Assert.Contains("Dragons linger.", stuck, StringComparison.Ordinal);
        Assert.DoesNotContain("The bell rings.", stuck, StringComparison.Ordinal);
        Assert.DoesNotContain("A beast prowls.", stuck, StringComparison.Ordinal);
        Assert.DoesNotContain("Dragons linger.", after, StringComparison.Ordinal);
        Assert.Contains("The bell rings.", after, StringComparison.Ordinal);
    }

    /// <summary>
    /// A branch keeps its chat's running timers, as it keeps its books; and two books with one name keep theirs apart (a
    /// sticky entry of one never makes the same-numbered entry of the other sticky).
    /// </summary>
    [Fact]
    public async Task ABranchKeepsTheChatsStickiesAndBooksOfOneNameKeepTheirsApart()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var sticky = await ImportWorldAsync(user, """{"entries": {"0": {"uid": 0, "key": ["dragon"], "content": "Dragons linger.", "sticky": 9}}, "name": "Twin"}""");
        var plain = await ImportWorldAsync(user, """{"entries": {"0": {"uid": 0, "key": ["alpha"], "content": "Alpha lore.", "position": 1}}, "name": "Twin"}""");
        await UseBooksAsync(user, chatId, plain, sticky);
        await ChatScenario.SendAndReadAsync(user, chatId, "A dragon flies over.");
        var last = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages?limit=1")).AssertOkJsonAsync()).GetProperty("data")[0].GetProperty("id").GetGuid();

        var branchId = (await (await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/branch", new { message_id = last }))
            .AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("newChatID").GetGuid();
        var inBranch = await LoreOfAsync(user, branchId);

        Assert.Equal([("before_char", "sticky")], inBranch);
        Assert.Equal(inBranch, await LoreOfAsync(user, chatId));
    }

    [Fact]
    public async Task AnEntryMayAskItsKeysToBeLookedForInTheCharacterAndThePersonaToo()
    {
        var user = await TestUser.SignUpAsync(server);
        var character = await Characters.CharacterApi.CreateIdAsync(user, new { name = "Mira", personality = "A retired pirate.", scenario = "A harbour town.", creator_notes = "Best with a storm." });
        var chatId = await ChatScenario.NewChatAsync(user, character);
        var persona = (await (await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "Ada", description = "I sail alone." }))
            .AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();
        var worldInfo = """
            {"entries": {
              "0": {"uid": 0, "key": ["pirate"], "content": "Pirates owe her.", "matchCharacterPersonality": true},
              "1": {"uid": 1, "key": ["pirate"], "content": "Only in the chat."},
              "2": {"uid": 2, "key": ["sail"], "content": "Sailors nod to Ada.", "matchPersonaDescription": true},
              "3": {"uid": 3, "key": ["harbour"], "content": "Gulls everywhere.", "matchScenario": true},
              "4": {"uid": 4, "key": ["storm"], "content": "Thunder rolls.", "matchCreatorNotes": true},
              "5": {"uid": 5, "key": ["storm"], "content": "Only in the chat too."}
            }, "name": "Sources"}
            """;
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new
        {
            lorebook_ids = new[] { await ImportWorldAsync(user, worldInfo) },
            persona_id = persona,
        })).AssertOkJsonAsync();

        var fired = await FiredAsync(user, $"chat/{chatId}/prompt?prompt=Hello.");

        Assert.Equal([0, 2, 3, 4], fired.Keys.Order());
    }

    [Fact]
    public async Task AnOutletEntrysContentGoesWhereTheOutletMacroAsksForIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var worldInfo = """
            {"entries": {
              "0": {"uid": 0, "key": ["door"], "content": "The door hides a clue.", "position": 7, "outletName": "clues", "order": 20},
              "1": {"uid": 1, "key": [], "constant": true, "content": "So does the rug.", "position": 7, "outletName": "clues", "order": 10},
              "2": {"uid": 2, "key": ["door"], "content": "Never asked for.", "position": 7, "outletName": "unused"}
            }, "name": "Outlets"}
            """;
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new
        {
            lorebook_ids = new[] { await ImportWorldAsync(user, worldInfo) },
            author_note = new { text = "Clues: {{outlet::clues}} / {{outlet::missing}}.", depth = 0 },
        })).AssertOkJsonAsync();

        await ChatScenario.SendAndReadAsync(user, chatId, "I open the door.");

        var sent = Model.Requests[^1].Messages;
        Assert.Equal(("system", "Clues: So does the rug.\nThe door hides a clue. / ."), (sent[^1].Role, sent[^1].Content));
        Assert.DoesNotContain(sent, m => m.Content.Contains("Never asked for.", StringComparison.Ordinal));
        Assert.Single(sent, m => m.Content.Contains("hides a clue", StringComparison.Ordinal));
    }

    private static async Task UseBooksAsync(TestUser user, Guid chatId, params Guid[] bookIds) =>
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { lorebook_ids = bookIds })).AssertOkJsonAsync();

    internal static async Task<Guid> ImportWorldAsync(TestUser user, string worldInfo) =>
        (await (await user.Client.PostAsync("/api/v1/lorebook/import", new StringContent(worldInfo, Encoding.UTF8, "application/json")))
            .AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();

    private static async Task<List<(string Position, string Reason)>> LoreOfAsync(TestUser user, Guid chatId)
    {
        var lore = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?prompt=Nothing%20here.")).AssertOkJsonAsync()).GetProperty("data").GetProperty("lore");
        return [.. lore.EnumerateArray().Select(l => (l.GetProperty("position").GetString()!, l.GetProperty("reason").GetString()!))];
    }

    private static async Task<Dictionary<int, (string Reason, bool Included)>> FiredAsync(TestUser user, string path) =>
        (await (await user.Client.GetAsync($"/api/v1/{path}")).AssertOkJsonAsync()).GetProperty("data").GetProperty("lore").EnumerateArray()
            .ToDictionary(l => l.GetProperty("entry_id").GetInt32(), l => (l.GetProperty("reason").GetString()!, l.GetProperty("included").GetBoolean()));

    private static async Task SetCharacterBookAsync(TestUser user, Guid characterId, string lore) =>
        await (await CharacterApi.PatchAsync(user, characterId, $$$"""
            {"character_book": {"entries": [{"keys": ["well"], "content": "{{{lore}}}", "enabled": true, "insertion_order": 1, "extensions": {}}]}}
            """)).AssertOkJsonAsync();

    private static async Task<Guid> CreateAsync(TestUser user, object book) =>
        (await (await user.Client.PostAsJsonAsync("/api/v1/lorebook/create", book)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();
}

public sealed class LorebookTestsOnSqlite(SqliteChatServer server) : LorebookTests(server), IClassFixture<SqliteChatServer>;

public sealed class LorebookTestsOnPostgres(PostgresChatServer server) : LorebookTests(server), IClassFixture<PostgresChatServer>;
