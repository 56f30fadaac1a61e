using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Chats;

/// <summary>Chats in and out of SillyTavern's .jsonl format (chat/import, chat/{id}/export.jsonl).</summary>
public abstract class ChatTransferTests(ChatServer server)
{
    private static readonly DateTime Dec1 = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task ASillyTavernChatComesInWithItsSwipesSelectionsDatesAndExtrasAndGoesBackOut()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = Fixture("Seraphina.jsonl");

        var chatId = await ImportAsync(user, characterId, file);

        var messages = await MessagesAsync(user, chatId);
        Assert.Equal(["assistant", "user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(
            ["*The glade is silent.* Who goes there?", "*Soft light falls through the leaves.* You're awake at last, traveller."],
            Swipes(messages[0]));
        Assert.Equal(1, messages[0].GetProperty("swipe_index").GetInt32());
        Assert.False(messages[0].TryGetProperty("swipe_dates", out _), "the swipes' dates are the export's, not the API's");
        Assert.Equal("Where am I?\nThe forest is so quiet — and my head hurts.", messages[1].GetProperty("content").GetString());
        Assert.Equal("In my glade, \"safe\" as long as you stay. 🌿", messages[2].GetProperty("content").GetString());
        Assert.Equal(["The Eldoria forest. Rest now.", "In my glade, \"safe\" as long as you stay. 🌿"], Swipes(messages[2]));
        Assert.Equal(
            [Dec1.AddHours(22).AddMinutes(58), Dec1.AddHours(23).AddMinutes(2), Dec1.AddHours(23).AddMinutes(6), Dec1.AddDays(1).AddMinutes(15)],
            messages.Select(CreatedAt));
        var chat = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(Dec1.AddHours(22).AddMinutes(58).AddSeconds(11), chat.GetProperty("created_at").GetDateTime().ToUniversalTime());
        Assert.Equal(characterId, chat.GetProperty("character").GetProperty("id").GetGuid());
        // SillyTavern's author's note (chat_metadata's note_prompt and note_depth) is the chat's.
        Assert.Equal(("Seraphina is wary.", 4), (chat.GetProperty("author_note").GetProperty("text").GetString(), chat.GetProperty("author_note").GetProperty("depth").GetInt32()));

        var exported = await ExportAsync(user, chatId);
        var original = Lines(file);
        var lines = Lines(exported);
        Assert.Equal(original.Count, lines.Count);
        Assert.True(JsonNode.DeepEquals(original[0]["chat_metadata"], lines[0]["chat_metadata"]));
        for (var i = 1; i < lines.Count; i++)
        {
            Assert.Equal((string?)original[i]["mes"], (string?)lines[i]["mes"]);
            Assert.Equal((bool?)original[i]["is_user"], (bool?)lines[i]["is_user"]);
            Assert.True(JsonNode.DeepEquals(original[i]["extra"], lines[i]["extra"]), $"line {i + 1}: {lines[i]["extra"]}");
            Assert.Equal(CreatedAt(messages[i - 1]), SillyTavernRead((string)lines[i]["send_date"]!));
        }

        Assert.True(JsonNode.DeepEquals(original[3]["swipes"], lines[3]["swipes"]));
        Assert.Equal(1, (int)lines[3]["swipe_id"]!);
        Assert.Equal([Dec1.AddHours(23).AddMinutes(4), Dec1.AddHours(23).AddMinutes(6)], SwipeDates(lines[3]));
        // Every member SillyTavern wrote comes back (title, gen_started, gen_finished, force_avatar…; the names are the
        // chat's), and each swipe's own entry with its extra and times; a swipe that came without one carries the
        // message's extra when selected.
        Assert.All(Enumerable.Range(1, lines.Count - 1), i => Assert.All(
            original[i].AsObject().Where(m => m.Key is not ("name" or "send_date" or "swipe_info")),
            m => Assert.True(JsonNode.DeepEquals(m.Value, lines[i][m.Key]), $"line {i + 1} '{m.Key}': {lines[i][m.Key]?.ToJsonString()}")));
        Assert.All(Enumerable.Range(0, 2), s => Assert.True(
            JsonNode.DeepEquals(WithoutDate(original[3]["swipe_info"]![s]!), WithoutDate(lines[3]["swipe_info"]![s]!)), lines[3]["swipe_info"]!.ToJsonString()));
        Assert.Equal(["{}", original[1]["extra"]!.ToJsonString()], lines[1]["swipe_info"]!.AsArray().Select(info => info!["extra"]!.ToJsonString()));
        var branch = await (await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/branch", new { message_id = messages[^1].GetProperty("id").GetGuid() }))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        var branched = Lines(await ExportAsync(user, branch.GetProperty("newChatID").GetGuid()));
        Assert.True(JsonNode.DeepEquals(lines[3], branched[3]), branched[3].ToJsonString());

        // …and into KissChat again: the same messages, swipes, selections and dates, the swipes' own too.
        var again = await ImportAsync(user, characterId, exported);
        Assert.Equal(Comparable(messages), Comparable(await MessagesAsync(user, again)));
        var exportedAgain = Lines(await ExportAsync(user, again));
        Assert.All(Enumerable.Range(1, lines.Count - 1), i => Assert.Equal(SwipeDates(lines[i]), SwipeDates(exportedAgain[i])));
    }

    [Fact]
    public async Task AKissChatChatGoesToSillyTavernAndComesBackTheSame()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var chatId = await ChatScenario.NewChatAsync(user, characterId);
        server.ModelServer.Enqueue(Fakes.ModelScript.Stream(["first take"]));
        await ChatScenario.SendAndReadAsync(user, chatId, "tell me about the \"inn\"\nplease");
        server.ModelServer.Enqueue(Fakes.ModelScript.Stream(["second take"]));
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));
        var reply = (await MessagesAsync(user, chatId))[^1];
        await (await user.Client.PutAsync($"/api/v1/chat/{chatId}/messages/{reply.GetProperty("id")}/swipe", JsonContent("""{"index":0}"""))).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "and the harbour?");
        var messages = await MessagesAsync(user, chatId);

        var exported = await ExportAsync(user, chatId);

        Assert.NotEqual((byte)'\n', exported[^1]);
        var lines = Lines(exported);
        Assert.Equal(messages.Count + 1, lines.Count);
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^\d{4}-\d{1,2}-\d{1,2} @\d{2}h \d{2}m \d{2}s \d{1,3}ms$", (string)l["send_date"]!));
        Assert.Equal(0, (int)lines[3]["swipe_id"]!);
        Assert.Equal("{}", lines[0]["chat_metadata"]!.ToJsonString());
        var takes = SwipeDates(lines[3]);
        Assert.Equal(2, takes.Count);
        Assert.True(takes[0] < takes[1], $"{takes[0]:O} then {takes[1]:O}");
        var back = await ImportAsync(user, characterId, exported);
        Assert.Equal(Comparable(messages), Comparable(await MessagesAsync(user, back)));
    }

    [Fact]
    public async Task TheAuthorsNoteGoesOutAsSillyTavernKeepsItAndAnImportedOneAsChangedHere()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var madeHere = await ChatScenario.NewChatAsync(user, characterId);
        var imported = await ImportAsync(user, characterId, Fixture("Seraphina.jsonl"));
        await (await user.Client.PatchAsync($"/api/v1/chat/{madeHere}", JsonContent("""{"author_note":{"text":"Mira is sleepy.","depth":2}}"""))).AssertOkJsonAsync();
        await (await user.Client.PatchAsync($"/api/v1/chat/{imported}", JsonContent("""{"author_note":{"text":"Seraphina trusts you now.","depth":1}}"""))).AssertOkJsonAsync();

        var fresh = Lines(await ExportAsync(user, madeHere))[0]["chat_metadata"]!;
        var changed = Lines(await ExportAsync(user, imported))[0]["chat_metadata"]!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"note_interval":1,"note_position":1,"note_role":0,"note_prompt":"Mira is sleepy.","note_depth":2}"""), fresh), fresh.ToJsonString());
        // The rest of the imported metadata as it came: the note's interval and position, and SillyTavern's own members.
        Assert.Equal(("Seraphina trusts you now.", 1, 1, 1), ((string)changed["note_prompt"]!, (int)changed["note_depth"]!, (int)changed["note_position"]!, (int)changed["note_interval"]!));
        Assert.True((bool)changed["tainted"]!);
    }

    /// <summary>
    /// An empty note keeps its settings, which place what goes around it (lore, the persona's description) as
    /// SillyTavern places them whatever the note's text; an empty one at the defaults is no note.
    /// </summary>
    [Fact]
    public async Task AnEmptyImportedNoteKeepsItsSettingsHereAndInTheExport()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = Encoding.UTF8.GetBytes("""
            {"user_name":"Ada","character_name":"Mira","create_date":"2024-05-01@10h00m00s","chat_metadata":{"note_prompt":"","note_depth":3,"note_interval":3,"note_position":2,"note_role":1}}
            {"name":"Mira","is_user":false,"send_date":"2024-05-01@10h00m01s","mes":"Hello."}
            """);
        var atDefaults = Encoding.UTF8.GetBytes("""
            {"user_name":"Ada","character_name":"Mira","create_date":"2024-05-01@10h00m00s","chat_metadata":{"note_prompt":"","note_depth":4,"note_interval":1}}
            {"name":"Mira","is_user":false,"send_date":"2024-05-01@10h00m01s","mes":"Hello."}
            """);

        var chatId = await ImportAsync(user, characterId, file);
        var exported = Lines(await ExportAsync(user, chatId))[0]["chat_metadata"]!;
        var note = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data").GetProperty("author_note");
        var noNote = (await (await user.Client.GetAsync($"/api/v1/chat/{await ImportAsync(user, characterId, atDefaults)}")).AssertOkJsonAsync()).GetProperty("data").GetProperty("author_note");

        Assert.Equal((3, 3, 2, 1), ((int)exported["note_depth"]!, (int)exported["note_interval"]!, (int)exported["note_position"]!, (int)exported["note_role"]!));
        Assert.Equal(("", 3, "user", 3, "before_main"), (note.GetProperty("text").GetString(), note.GetProperty("depth").GetInt32(), note.GetProperty("role").GetString(), note.GetProperty("interval").GetInt32(), note.GetProperty("position").GetString()));
        Assert.Equal(JsonValueKind.Null, noNote.ValueKind);
    }

    /// <summary>The JSON export carries what a group chat's SillyTavern file cannot: the note and SillyTavern's metadata.</summary>
    [Fact]
    public async Task TheJsonExportCarriesTheAuthorsNoteAndTheChatsMetadata()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var chatId = await ImportAsync(user, characterId, Encoding.UTF8.GetBytes("""
            {"user_name":"Ada","character_name":"Mira","create_date":"2024-05-01@10h00m00s","chat_metadata":{"variables":{"mood":"calm"}}}
            {"name":"Mira","is_user":false,"send_date":"2024-05-01@10h00m01s","mes":"Hello."}
            """));
        await (await user.Client.PatchAsync($"/api/v1/chat/{chatId}", JsonContent("""{"author_note":{"text":"Mira hums.","depth":1,"role":"user"}}"""))).AssertOkJsonAsync();

        var json = JsonNode.Parse(await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.json")).Content.ReadAsStringAsync())!;

        Assert.Equal(("Mira hums.", 1, "user"), ((string)json["author_note"]!["text"]!, (int)json["author_note"]!["depth"]!, (string)json["author_note"]!["role"]!));
        Assert.Equal("calm", (string)json["chat_metadata"]!["variables"]!["mood"]!);
    }

    /// <summary>SillyTavern shows a null 'mes' as an empty message; the lines around it come in all the same.</summary>
    [Fact]
    public async Task ANullMessageTextComesInEmpty()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = Encoding.UTF8.GetBytes("""
            {"user_name":"Ada","character_name":"Mira","create_date":"2024-05-01@10h00m00s","chat_metadata":{}}
            {"name":"Mira","is_user":false,"send_date":"2024-05-01@10h00m01s","mes":null}
            {"name":"Ada","is_user":true,"send_date":"2024-05-01@10h00m02s","mes":"Still there?"}
            """);

        var messages = await MessagesAsync(user, await ImportAsync(user, characterId, file));

        Assert.Equal(["", "Still there?"], messages.Select(m => m.GetProperty("content").GetString()));
    }

    /// <summary>SillyTavern shows 'mes' whatever swipe_id says: one naming no swipe selects the swipe that 'mes' is.</summary>
    [Fact]
    public async Task ASwipeIdNamingNoSwipeSelectsTheSwipeTheMessageIs()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = Encoding.UTF8.GetBytes("""
            {"user_name":"Ada","character_name":"Mira","create_date":"2024-05-01@10h00m00s","chat_metadata":{}}
            {"name":"Mira","is_user":false,"send_date":"2024-05-01@10h00m01s","mes":"Second.","swipes":["First.","Second."],"swipe_id":7}
            """);

        var message = (await MessagesAsync(user, await ImportAsync(user, characterId, file)))[0];

        Assert.Equal(("Second.", 1), (message.GetProperty("content").GetString(), message.GetProperty("swipe_index").GetInt32()));
        Assert.Equal(["First.", "Second."], message.GetProperty("swipes").EnumerateArray().Select(s => s.GetString()));
    }

    /// <summary>Chub writes each text as {"message": …}, which SillyTavern's import flattens (flattenChubChat): so are they read here.</summary>
    [Fact]
    public async Task AChubChatsTextsWrittenAsObjectsComeInAsTheirMessages()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = Encoding.UTF8.GetBytes("""
            {"user_name":"Ada","character_name":"Mira","create_date":"2024-05-01@10h00m00s","chat_metadata":{}}
            {"name":"Mira","is_user":false,"send_date":"2024-05-01@10h00m01s","mes":{"message":"Second."},"swipes":[{"message":"First.","id":7},"Second."],"swipe_id":1}
            {"name":"Ada","is_user":true,"send_date":"2024-05-01@10h00m02s","mes":{"message":"Still there?"}}
            """);

        var messages = await MessagesAsync(user, await ImportAsync(user, characterId, file));

        Assert.Equal(["Second.", "Still there?"], messages.Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(["First.", "Second."], Swipes(messages[0]));
        Assert.Equal(1, messages[0].GetProperty("swipe_index").GetInt32());
    }

    [Fact]
    public async Task AnImportedAuthorsNoteKeepsItsRoleIntervalAndPositionBothWays()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = Encoding.UTF8.GetBytes("""
            {"user_name":"Ada","character_name":"Mira","create_date":"2024-05-01@10h00m00s","chat_metadata":{"note_prompt":"Mira hums.","note_depth":2,"note_interval":3,"note_position":0,"note_role":2}}
            {"name":"Mira","is_user":false,"send_date":"2024-05-01@10h00m01s","mes":"Hello."}
            """);

        var chatId = await ImportAsync(user, characterId, file);
        var chat = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data").GetProperty("author_note");
        await (await user.Client.PatchAsync($"/api/v1/chat/{chatId}", JsonContent("""{"author_note":{"text":"Mira sings.","depth":1,"role":"user","interval":0,"position":"before_main"}}"""))).AssertOkJsonAsync();
        var exported = Lines(await ExportAsync(user, chatId))[0]["chat_metadata"]!;

        Assert.Equal(("assistant", 3, "after_main", 2), (chat.GetProperty("role").GetString(), chat.GetProperty("interval").GetInt32(), chat.GetProperty("position").GetString(), chat.GetProperty("depth").GetInt32()));
        Assert.Equal(("Mira sings.", 1, 0, 2, 1), ((string)exported["note_prompt"]!, (int)exported["note_depth"]!, (int)exported["note_interval"]!, (int)exported["note_position"]!, (int)exported["note_role"]!));
    }

    /// <summary>A hand-edited file's note settings written as texts count as SillyTavern's Number() reads them.</summary>
    [Fact]
    public async Task AnAuthorsNoteWhoseSettingsAreTextsKeepsThem()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = Encoding.UTF8.GetBytes("""
            {"user_name":"Ada","character_name":"Mira","create_date":"2024-05-01@10h00m00s","chat_metadata":{"note_prompt":"Mira hums.","note_depth":"2","note_interval":" 3 ","note_position":"0","note_role":"1"}}
            {"name":"Mira","is_user":false,"send_date":"2024-05-01@10h00m01s","mes":"Hello."}
            """);

        var chatId = await ImportAsync(user, characterId, file);

        var note = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data").GetProperty("author_note");
        Assert.Equal(("user", 3, "after_main", 2), (note.GetProperty("role").GetString(), note.GetProperty("interval").GetInt32(), note.GetProperty("position").GetString(), note.GetProperty("depth").GetInt32()));
    }

    /// <summary>SillyTavern's Scenario Override (<c>chat_metadata.scenario</c>) is the chat's scenario, in its reply and its preview.</summary>
    [Fact]
    public async Task AnImportedScenarioOverrideTakesTheCharactersScenariosPlace()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = Encoding.UTF8.GetBytes("""
            {"user_name":"Ada","character_name":"Mira","create_date":"2024-05-01@10h00m00s","chat_metadata":{"scenario":"  A lighthouse in a storm.  "}}
            {"name":"Mira","is_user":false,"send_date":"2024-05-01@10h00m01s","mes":"Hello."}
            """);
        var chatId = await ImportAsync(user, characterId, file);

        var preview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?prompt=next")).AssertOkJsonAsync()).GetProperty("data").GetRawText();
        await ChatScenario.SendAndReadAsync(user, chatId, "Is the lamp lit?");

        var sent = string.Join("\n", server.ModelServer.Requests.Last(r => r.Messages.Any(m => m.Content == "Is the lamp lit?")).Messages.Select(m => m.Content));
        Assert.All(new[] { preview, sent }, prompt =>
        {
            Assert.Contains("A lighthouse in a storm.", prompt, StringComparison.Ordinal);
            Assert.DoesNotContain("A harbour inn at dusk.", prompt, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AChatWrittenAsOneOfMyPersonasGoesOnAsThatPersona()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var other = await ImportAsync(user, characterId, Fixture("Seraphina.jsonl"));
        var personaId = (await (await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "traveller " })).AssertOkJsonAsync(HttpStatusCode.Created))
            .GetProperty("data").GetProperty("id").GetGuid();

        var chatId = await ImportAsync(user, characterId, Fixture("Seraphina.jsonl"));

        var chat = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(personaId, chat.GetProperty("persona_id").GetGuid());
        Assert.Equal("traveller", (string)Lines(await ExportAsync(user, chatId))[0]["user_name"]!);
        // The Markdown transcript names them so too (it said "You"; found by a helper).
        var markdown = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.md")).Content.ReadAsStringAsync();
        Assert.Contains("**traveller:** Where am I?", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("**You:**", markdown, StringComparison.Ordinal);
        var before = (await (await user.Client.GetAsync($"/api/v1/chat/{other}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("persona_id").ValueKind);
    }

    /// <summary>
    /// SillyTavern opens a chat as the persona its metadata locks it to: the export's lock follows the persona chosen here
    /// (by the key the persona backup gives it), and a chat set back to the default persona has none.
    /// </summary>
    [Fact]
    public async Task TheExportsPersonaLockIsThePersonaTheChatWasChangedTo()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var mage = (await (await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "Mage" })).AssertOkJsonAsync(HttpStatusCode.Created))
            .GetProperty("data").GetProperty("id").GetGuid();
        var chatId = await ImportAsync(user, characterId, Encoding.UTF8.GetBytes("""
            {"user_name":"Ada","character_name":"Mira","create_date":"2024-05-01@10h00m00s","chat_metadata":{"persona":"user-default.png","tainted":true}}
            {"name":"Mira","is_user":false,"send_date":"2024-05-01@10h00m01s","mes":"Hello."}
            """));
        var imported = Lines(await ExportAsync(user, chatId))[0]["chat_metadata"]!;

        await (await user.Client.PatchAsync($"/api/v1/chat/{chatId}", JsonContent($$"""{"persona_id":"{{mage}}"}"""))).AssertOkJsonAsync();
        var changed = Lines(await ExportAsync(user, chatId))[0];
        await (await user.Client.PatchAsync($"/api/v1/chat/{chatId}", JsonContent("""{"persona_id":null}"""))).AssertOkJsonAsync();
        var cleared = Lines(await ExportAsync(user, chatId))[0]["chat_metadata"]!;

        Assert.Equal("user-default.png", (string?)imported["persona"]);
        var backup = JsonNode.Parse(await (await user.Client.GetAsync("/api/v1/persona/export")).Content.ReadAsStringAsync())!;
        Assert.Equal(("Mage", "Mage"), ((string?)changed["user_name"], (string?)backup["personas"]![(string)changed["chat_metadata"]!["persona"]!]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"tainted":true}"""), cleared), cleared.ToJsonString());
    }

    [Fact]
    public async Task TheChatsLoreNamedInItsMetadataIsMyLorebookOfThatNameAndGoesOutAsTheChatsFirstLorebook()
    {
        var user = await TestUser.SignUpAsync(server);
        var stranger = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var book = await LorebookAsync(user, "Eldoria");
        await LorebookAsync(stranger, "Valdris");
        byte[] File(string world) => Encoding.UTF8.GetBytes(
            $$$"""{"user_name":"You","character_name":"Mira","create_date":"2026-12-01@22h58m11s","chat_metadata":{"world_info":"{{{world}}}"}}""" + "\n"
            + """{"name":"Mira","is_user":false,"is_system":false,"send_date":"2026-12-01@22h58m11s","mes":"Welcome!","extra":{}}""");

        var linked = await ImportAsync(user, characterId, File(" eldoria"));
        var unknown = await ImportAsync(user, characterId, File("Valdris"));

        Assert.Equal([book], LorebookIds((await (await user.Client.GetAsync($"/api/v1/chat/{linked}")).AssertOkJsonAsync()).GetProperty("data")));
        Assert.Empty(LorebookIds((await (await user.Client.GetAsync($"/api/v1/chat/{unknown}")).AssertOkJsonAsync()).GetProperty("data")));
        // Out again, the chat lore names the chat's first lorebook as it is called now.
        Assert.Equal("Eldoria", (string)Lines(await ExportAsync(user, linked))[0]["chat_metadata"]!["world_info"]!);
        Assert.Equal("Valdris", (string)Lines(await ExportAsync(user, unknown))[0]["chat_metadata"]!["world_info"]!);
        // Taken off the chat, a lorebook of mine is no longer its chat lore; one I do not have stays named.
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{linked}", new { lorebook_ids = Array.Empty<Guid>() })).AssertOkJsonAsync();
        Assert.Null(Lines(await ExportAsync(user, linked))[0]["chat_metadata"]!["world_info"]);
        var madeHere = await ChatScenario.NewChatAsync(user, characterId);
        var second = await LorebookAsync(user, "Harbour");
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{madeHere}", new { lorebook_ids = new[] { second, book } })).AssertOkJsonAsync();
        Assert.Equal("Harbour", (string)Lines(await ExportAsync(user, madeHere))[0]["chat_metadata"]!["world_info"]!);

        static List<Guid> LorebookIds(JsonElement chat) => [.. chat.GetProperty("lorebook_ids").EnumerateArray().Select(id => id.GetGuid())];
        static async Task<Guid> LorebookAsync(TestUser owner, string name) =>
            (await (await owner.Client.PostAsJsonAsync("/api/v1/lorebook/create", new { name, entries = new[] { new { id = 1, keys = new[] { "elf" }, content = "Elves live here." } } }))
                .AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();
    }

    /// <summary>SillyTavern writes "December 1, 2026 10:58pm" in its user's local time and reads it back so; its "@…h…m…s" forms as UTC.</summary>
    [Fact]
    public async Task LocalTimesAreReadInTheImportersTimeZone()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var form = Form(characterId, Fixture("Seraphina.jsonl"));
        form.Add(new StringContent("Europe/Berlin"), "time_zone");
        var wrongZone = Form(characterId, Fixture("Seraphina.jsonl"));
        wrongZone.Add(new StringContent("Mars/Olympus"), "time_zone");

        var chatId = (await (await user.Client.PostAsync("/api/v1/chat/import", form)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("newChatID").GetGuid();
        var refused = await user.Client.PostAsync("/api/v1/chat/import", wrongZone);

        // 10:58pm in Berlin (UTC+1 in December) is 21:58 UTC; the header's "2026-12-01@22h58m11s" stays UTC.
        Assert.Equal([Dec1.AddHours(21).AddMinutes(58), Dec1.AddHours(22).AddMinutes(2)], (await MessagesAsync(user, chatId)).Take(2).Select(CreatedAt));
        var chat = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(Dec1.AddHours(22).AddMinutes(58).AddSeconds(11), chat.GetProperty("created_at").GetDateTime().ToUniversalTime());
        Assert.True((await refused.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("time_zone", out _));
    }

    [Fact]
    public async Task DatesInOtherFormsAreReadAndAMissingOneTakesThePreviousMessages()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = string.Join("\n",
            """{"user_name":"U","character_name":"C","create_date":"2026-12-01T08:00:00Z","chat_metadata":{}}""",
            """{"name":"C","is_user":false,"is_system":false,"send_date":"2026-12-01T09:30:15.250+01:00","mes":"iso"}""",
            """{"name":"U","is_user":true,"is_system":false,"send_date":1764581415250,"mes":"epoch number"}""",
            """{"name":"C","is_user":false,"is_system":false,"send_date":"1764581416000","mes":"epoch text"}""",
            """{"name":"U","is_user":true,"is_system":false,"send_date":"2026-12-1@09h31m37s","mes":"humanized"}""",
            """{"name":"C","is_user":false,"is_system":false,"send_date":"2026-12-1 @09h 31m 38s 5ms","mes":"humanized with ms"}""",
            """{"name":"U","is_user":true,"is_system":false,"mes":"no date"}""",
            """{"name":"C","is_user":false,"is_system":true,"send_date":"Dec 1, 2026 12:05pm","mes":"a note"}""") + "\n";

        var chatId = await ImportAsync(user, characterId, Encoding.UTF8.GetBytes(file));

        var messages = await MessagesAsync(user, chatId);
        var at = Dec1.AddHours(8);
        Assert.Equal(
            [
                at.AddMinutes(30).AddSeconds(15).AddMilliseconds(250),
                DateTime.UnixEpoch.AddMilliseconds(1764581415250),
                DateTime.UnixEpoch.AddMilliseconds(1764581416000),
                at.AddHours(1).AddMinutes(31).AddSeconds(37),
                at.AddHours(1).AddMinutes(31).AddSeconds(38).AddMilliseconds(5),
                at.AddHours(1).AddMinutes(31).AddSeconds(38).AddMilliseconds(5),
                Dec1.AddHours(12).AddMinutes(5),
            ],
            messages.Select(CreatedAt));
        Assert.Equal("a note", messages[^1].GetProperty("content").GetString());
    }

    /// <summary>Older SillyTavern versions edited a reply's <c>mes</c> without its swipe: neither text is lost.</summary>
    [Fact]
    public async Task AReplyWhoseTextDiffersFromItsSelectedSwipeKeepsBoth()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = """{"user_name":"U","character_name":"C","create_date":"2026-12-01@22h58m11s","chat_metadata":{}}""" + "\n"
            + """{"name":"C","is_user":false,"mes":"edited","swipes":["first","second"],"swipe_id":1}""";

        var chatId = await ImportAsync(user, characterId, Encoding.UTF8.GetBytes(file));

        var reply = Assert.Single(await MessagesAsync(user, chatId));
        Assert.Equal("edited", reply.GetProperty("content").GetString());
        Assert.Equal(["first", "second", "edited"], Swipes(reply));
        Assert.Equal(2, reply.GetProperty("swipe_index").GetInt32());
    }

    [Theory]
    [InlineData("""{"name":"C","is_user":false,"mes":"ok"}""" + "\n" + """{"name":"C","is_user":false,"mes":"cut""", 3)]
    [InlineData("""{"name":"C","is_user":false,"mes":["not text"]}""", 2)]
    [InlineData("""{"name":"C","is_user":false,"mes":"ok","swipes":"a"}""", 2)]
    [InlineData("""[1,2]""", 2)]
    [InlineData("""{"name":"C","is_user":false,"mes":"a","swipes":["a","b"],"swipe_id":"1"}""", 2)]
    [InlineData("""{"name":"C","is_user":false,"mes":"a\ud800b"}""", 2)]
    [InlineData("""{"name":"C\ud800","is_user":false,"mes":"a"}""", 2)]
    [InlineData("""{"name":"C","is_user":false,"mes":"a","extra":{"reasoning":"x\u0000y"}}""", 2)]
    [InlineData("""{"name":"C","is_user":false,"mes":"a","swipes":["a"],"swipe_id":0,"swipe_info":[{"extra":{"reasoning":"x\u0000y"}}]}""", 2)]
    [InlineData("""{"name":"C","is_user":false,"mes":"a","swipes":["a","\udc00"]}""", 2)]
    [InlineData("""{"name":"C","is_user":false,"mes":"a","mes":"b"}""", 2)]
    // What SillyTavern's Chub flattening leaves an object (an empty or missing message), it cannot show either.
    [InlineData("""{"name":"C","is_user":false,"mes":{"message":""}}""", 2)]
    [InlineData("""{"name":"C","is_user":false,"mes":{"text":"a"}}""", 2)]
    [InlineData("""{"name":"C","is_user":false,"mes":"a","swipes":["a",{"message":5}]}""", 2)]
    public async Task AMalformedLineIsA400NamingItAndNothingIsStored(string messageLines, int line)
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = """{"user_name":"U","character_name":"C","create_date":"2026-12-01@22h58m11s","chat_metadata":{}}""" + "\n" + messageLines;

        var response = await user.Client.PostAsync("/api/v1/chat/import", Form(characterId, Encoding.UTF8.GetBytes(file)));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(line, problem.GetProperty("line").GetInt32());
        Assert.StartsWith($"Line {line}:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await (await user.Client.GetAsync("/api/v1/chat/list")).AssertOkJsonAsync()).GetProperty("data").GetArrayLength());
    }

    /// <summary>
    /// Asked to, the import leaves out the message lines it cannot read, as SillyTavern's chat reader leaves out a line it
    /// cannot parse, and says which; the header must still be readable, and the option is off unless asked for.
    /// </summary>
    [Fact]
    public async Task AskedToItSkipsTheMessageLinesItCannotReadAndNamesThem()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        const string header = """{"user_name":"U","character_name":"C","create_date":"2026-12-01@22h58m11s","chat_metadata":{}}""";
        var file = Encoding.UTF8.GetBytes(string.Join('\n',
            header, """{"name":"U","is_user":true,"mes":"one"}""", """{"name":"C","is_user":false,"mes":"cut""", "", """{"name":"C","is_user":false,"mes":42}""",
            """[1,2]""", """{"name":"C","is_user":false,"mes":"two"}"""));
        MultipartFormDataContent Skipping(byte[] chat, string value = "true")
        {
            var form = Form(characterId, chat);
            form.Add(new StringContent(value), "skip_unreadable_lines");
            return form;
        }

        var created = await (await user.Client.PostAsync("/api/v1/chat/import", Skipping(file))).AssertOkJsonAsync(HttpStatusCode.Created);
        var allOrNone = await user.Client.PostAsync("/api/v1/chat/import", Form(characterId, file));
        var badHeader = await user.Client.PostAsync("/api/v1/chat/import", Skipping(Encoding.UTF8.GetBytes("{\"user_name\":\n" + """{"name":"C","is_user":false,"mes":"two"}""")));
        var badOption = await user.Client.PostAsync("/api/v1/chat/import", Skipping(file, "perhaps"));
        var noMessage = await user.Client.PostAsync("/api/v1/chat/import", Skipping(Encoding.UTF8.GetBytes(header + "\n[1]\n[2]")));
        var mostlyUnreadable = await user.Client.PostAsync("/api/v1/chat/import", Skipping(Encoding.UTF8.GetBytes(header + string.Concat(Enumerable.Repeat("\n[1]", 1001)))));

        Assert.Equal([3, 5, 6], created.GetProperty("skipped_lines").EnumerateArray().Select(l => l.GetInt32()));
        var messages = await MessagesAsync(user, created.GetProperty("newChatID").GetGuid());
        Assert.Equal(["one", "two"], messages.Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(3, (await allOrNone.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("line").GetInt32());
        Assert.Equal(1, (await badHeader.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("line").GetInt32());
        Assert.Contains("skip_unreadable_lines", (await badOption.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        // A file with nothing readable but its header, or with more unreadable lines than the answer would list, is no chat.
        Assert.Equal(2, (await noMessage.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("line").GetInt32());
        Assert.Equal(1002, (await mostlyUnreadable.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("line").GetInt32());
        Assert.Equal(1, (await (await user.Client.GetAsync("/api/v1/chat/list")).AssertOkJsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task AFileThatIsNotUtf8IsA400NamingTheLineOfItsFirstBadByte()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        byte[] file = [.. """{"user_name":"U","character_name":"C","create_date":"2026-12-01@22h58m11s","chat_metadata":{}}"""u8, (byte)'\n',
            .. """{"name":"C","is_user":false,"mes":"fine"}"""u8, (byte)'\n', .. """{"name":"C","is_user":false,"mes":"caf"""u8, 0xE9, .. "\"}"u8];

        var problem = await (await user.Client.PostAsync("/api/v1/chat/import", Form(characterId, file))).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(3, problem.GetProperty("line").GetInt32());
        Assert.Equal("Line 3: not UTF-8 text.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AFileThatIsNoChatOrWithoutACharacterOrAFormIsRefused()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);

        var notAChat = await user.Client.PostAsync("/api/v1/chat/import", Form(characterId, """{"title":"a shopping list"}"""u8.ToArray()));
        var empty = await user.Client.PostAsync("/api/v1/chat/import", Form(characterId, "\n\n"u8.ToArray()));
        var noCharacter = await user.Client.PostAsync("/api/v1/chat/import", Form(null, Fixture("Seraphina.jsonl")));
        var json = await user.Client.PostAsync("/api/v1/chat/import", JsonContent("{}"));

        Assert.Equal(1, (await notAChat.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("line").GetInt32());
        await empty.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("character_id", (await noCharacter.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await json.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task AChatCannotBeImportedOntoACharacterIMayNotUse()
    {
        var owner = await TestUser.SignUpAsync(server);
        var stranger = await TestUser.SignUpAsync(server);
        var privateCharacter = await ChatScenario.CreateCharacterAsync(owner);

        var theirs = await stranger.Client.PostAsync("/api/v1/chat/import", Form(privateCharacter, Fixture("Seraphina.jsonl")));
        var missing = await stranger.Client.PostAsync("/api/v1/chat/import", Form(Guid.NewGuid(), Fixture("Seraphina.jsonl")));

        Assert.True(theirs.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, theirs.StatusCode.ToString());
        await theirs.AssertProblemAsync(theirs.StatusCode);
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await (await stranger.Client.GetAsync("/api/v1/chat/list")).AssertOkJsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task AFileOverTheConfiguredSizeIs413()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var tooLarge = new byte[(20 * 1024 * 1024) + 1];
        Array.Fill(tooLarge, (byte)' ');

        var response = await user.Client.PostAsync("/api/v1/chat/import", Form(characterId, tooLarge));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>
    /// SQLite takes at most 32,766 parameters a query: a chat with more replies than that still reads whole. On PostgreSQL a
    /// bulk import renews the planner's statistics at once (a search would otherwise read every message for a minute).
    /// </summary>
    [Fact]
    public async Task AChatWithMoreRepliesThanAQueryTakesParametersExportsWhole()
    {
        var analyzed = await LastAnalyzedAsync();
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        const int Replies = 33_000;
        var file = string.Join('\n', Enumerable.Range(0, Replies).Select(i => $$"""{"name":"Mira","is_user":false,"mes":"r{{i}}"}""")
            .Prepend("""{"user_name":"U","character_name":"Mira","create_date":"2026-12-01@22h58m11s","chat_metadata":{}}"""));
        var chatId = await ImportAsync(user, characterId, Encoding.UTF8.GetBytes(file));

        var exported = Lines(await ExportAsync(user, chatId));

        Assert.Equal(Replies + 1, exported.Count);
        Assert.Equal("r32999", (string)exported[^1]["mes"]!);
        if (server.Database == TestDatabase.Postgres)
        {
            var after = await LastAnalyzedAsync();
            Assert.NotNull(after);
            Assert.NotEqual(analyzed, after);
        }
    }

    private async Task<DateTime?> LastAnalyzedAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        return db.Database.IsNpgsql()
            ? await db.Database.SqlQuery<DateTime?>($"SELECT last_analyze AS \"Value\" FROM pg_stat_user_tables WHERE relname = 'chat_messages'").SingleAsync()
            : null;
    }

    [Fact]
    public async Task AnotherUsersChatCannotBeExported()
    {
        var owner = await TestUser.SignUpAsync(server);
        var stranger = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(owner);

        await (await stranger.Client.GetAsync($"/api/v1/chat/{chatId}/export.jsonl")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await stranger.Client.GetAsync($"/api/v1/chat/{Guid.NewGuid()}/export.jsonl")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    internal static async Task<Guid> ImportAsync(TestUser user, Guid characterId, byte[] file)
    {
        var response = await user.Client.PostAsync("/api/v1/chat/import", Form(characterId, file));
        return (await response.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("newChatID").GetGuid();
    }

    internal static async Task<List<JsonElement>> MessagesAsync(TestUser user, Guid chatId) =>
        (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages?limit=100")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray().ToList();

    internal static MultipartFormDataContent Form(Guid? characterId, byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        var form = new MultipartFormDataContent { { content, "file", "chat.jsonl" } };
        if (characterId is { } id)
        {
            form.Add(new StringContent(id.ToString()), "character_id");
        }

        return form;
    }

    internal static async Task<byte[]> ExportAsync(TestUser user, Guid chatId)
    {
        var response = await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.jsonl");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static byte[] Fixture(string name)
    {
        using var resource = typeof(ChatTransferTests).Assembly.GetManifestResourceStream($"SillyTavern/{name}")!;
        using var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        return bytes.ToArray();
    }

    internal static List<JsonNode> Lines(byte[] file) => Encoding.UTF8.GetString(file).Split('\n').Select(l => JsonNode.Parse(l)!).ToList();

    private static List<string> Swipes(JsonElement message) => message.GetProperty("swipes").EnumerateArray().Select(s => s.GetString()!).ToList();

    private static DateTime CreatedAt(JsonElement message) => message.GetProperty("created_at").GetDateTime().ToUniversalTime();

    /// <summary>What a round trip keeps: roles, texts, swipes, the selection and the date to the millisecond.</summary>
    private static List<string> Comparable(List<JsonElement> messages) => messages
        .Select(m => string.Join("|", m.GetProperty("role").GetString(), m.GetProperty("content").GetString(), string.Join("/", Swipes(m)),
            m.GetProperty("swipe_index").GetInt32(), CreatedAt(m).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)))
        .ToList();

    private static JsonNode WithoutDate(JsonNode info)
    {
        var copy = info.DeepClone().AsObject();
        copy.Remove("send_date");
        return copy;
    }

    private static List<DateTime> SwipeDates(JsonNode line) =>
        line["swipe_info"]?.AsArray().Select(info => SillyTavernRead((string)info!["send_date"]!)).ToList() ?? [];

    /// <summary>"2026-12-1 @23h 06m 05s 123ms", as SillyTavern's own reader takes it: UTC.</summary>
    private static DateTime SillyTavernRead(string date)
    {
        var parts = System.Text.RegularExpressions.Regex.Match(date, @"^(\d{4})-(\d{1,2})-(\d{1,2}) @(\d{1,2})h (\d{1,2})m (\d{1,2})s (\d{1,3})ms$").Groups;
        int At(int i) => int.Parse(parts[i].Value, CultureInfo.InvariantCulture);
        return new DateTime(At(1), At(2), At(3), At(4), At(5), At(6), At(7), DateTimeKind.Utc);
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}

public sealed class ChatTransferTestsOnSqlite(SqliteChatServer server) : ChatTransferTests(server), IClassFixture<SqliteChatServer>;

public sealed class ChatTransferTestsOnPostgres(PostgresChatServer server) : ChatTransferTests(server), IClassFixture<PostgresChatServer>;
