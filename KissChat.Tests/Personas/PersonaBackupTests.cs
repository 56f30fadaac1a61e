using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Tests.Chats;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Personas;

/// <summary>persona/import and persona/export: SillyTavern's persona backup, both ways.</summary>
public abstract class PersonaBackupTests(ChatServer server)
{
    private const string Backup = """
        {
          "personas": { "1764629000-Ann.png": "Ann", "1764629100-Bo.png": "Bo", "1764629200-Cy.png": "Cy" },
          "persona_descriptions": {
            "1764629000-Ann.png": { "description": "A wandering bard.", "position": 0, "depth": 2, "role": 0 },
            "1764629100-Bo.png": { "description": "Bo is a blacksmith's apprentice, shy but brave.", "position": 0, "depth": 2, "role": 0 },
            "1764629200-Cy.png": { "description": "Cy speaks last.", "position": 4, "depth": 3, "role": 2 }
          },
          "default_persona": "1764629100-Bo.png"
        }
        """;

    [Fact]
    public async Task SillyTavernsBackupComesInBesideMyPersonasAndGoesBackOut()
    {
        var user = await TestUser.SignUpAsync(server);
        await (await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "ann ", description = "Mine already.", is_default = true })).AssertOkJsonAsync(HttpStatusCode.Created);

        var imported = (await (await user.Client.PostAsync("/api/v1/persona/import", File(Backup))).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");

        Assert.Equal(["Bo", "Cy"], imported.GetProperty("imported").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(["Ann"], imported.GetProperty("skipped").EnumerateArray().Select(p => p.GetString()));
        var mine = await ListAsync(user);
        Assert.Equal(("Mine already.", false), (mine["ann"].GetProperty("description").GetString(), mine["ann"].GetProperty("is_default").GetBoolean()));
        Assert.Equal(("Bo is a blacksmith's apprentice, shy but brave.", true), (mine["Bo"].GetProperty("description").GetString(), mine["Bo"].GetProperty("is_default").GetBoolean()));
        // Where SillyTavern puts a description comes in, and goes out, with it.
        Assert.Equal(("at_depth", 3, "assistant"), (mine["Cy"].GetProperty("description_position").GetString(), mine["Cy"].GetProperty("description_depth").GetInt32(), mine["Cy"].GetProperty("description_role").GetString()));

        var exported = await user.Client.GetAsync("/api/v1/persona/export");
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        var file = JsonNode.Parse(await exported.Content.ReadAsStringAsync())!;
        var key = file["personas"]!.AsObject().Single(p => (string?)p.Value == "Bo").Key;
        Assert.Equal(key, (string?)file["default_persona"]);
        Assert.Equal("Bo is a blacksmith's apprentice, shy but brave.", (string?)file["persona_descriptions"]![key]!["description"]);
        Assert.Equal(3, file["personas"]!.AsObject().Count);
        var cy = file["persona_descriptions"]![file["personas"]!.AsObject().Single(p => (string?)p.Value == "Cy").Key]!;
        Assert.Equal((4, 3, 2), ((int)cy["position"]!, (int)cy["depth"]!, (int)cy["role"]!));

        // Into another account, as its JSON body: the same personas, the same default.
        var other = await TestUser.SignUpAsync(server);
        await (await other.Client.PostAsync("/api/v1/persona/import", new StringContent(file.ToJsonString(), Encoding.UTF8, "application/json"))).AssertOkJsonAsync(HttpStatusCode.Created);
        var theirs = await ListAsync(other);
        Assert.Equal(mine.Keys.Order(), theirs.Keys.Order());
        Assert.All(mine, p => Assert.Equal(
            (p.Value.GetProperty("description").ToString(), p.Value.GetProperty("is_default").GetBoolean()),
            (theirs[p.Key].GetProperty("description").ToString(), theirs[p.Key].GetProperty("is_default").GetBoolean())));
    }

    /// <summary>
    /// SillyTavern's restore merges by key: a persona goes back out, and into a chat's persona lock, under the key its backup
    /// brought it in under, so restoring the export where the backup came from adds none twice; one made here under its id.
    /// </summary>
    [Fact]
    public async Task APersonaGoesBackOutUnderTheKeyItCameInUnder()
    {
        var user = await TestUser.SignUpAsync(server);
        await (await user.Client.PostAsync("/api/v1/persona/import", File(Backup))).AssertOkJsonAsync(HttpStatusCode.Created);
        // Another install's backup, with a key one of mine goes by already: its persona gets a key of its own.
        await (await user.Client.PostAsync("/api/v1/persona/import", File("""{"personas":{"1764629000-Ann.png":"Eve"},"persona_descriptions":{}}"""))).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "Dee" })).AssertOkJsonAsync(HttpStatusCode.Created);
        var mine = await ListAsync(user);
        var chatId = await ChatScenario.NewChatAsync(user);
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { persona_id = Id(mine, "Ann") })).AssertOkJsonAsync();

        var file = JsonNode.Parse(await (await user.Client.GetAsync("/api/v1/persona/export")).Content.ReadAsStringAsync())!;
        var chat = ChatTransferTests.Lines(await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.jsonl")).Content.ReadAsByteArrayAsync())[0];

        Assert.Equal(
            new[] { "1764629000-Ann.png Ann", "1764629100-Bo.png Bo", "1764629200-Cy.png Cy", $"{Id(mine, "Dee")}.png Dee", $"{Id(mine, "Eve")}.png Eve" }.Order(StringComparer.Ordinal),
            file["personas"]!.AsObject().Select(p => $"{p.Key} {p.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(("1764629100-Bo.png", "A wandering bard."), ((string?)file["default_persona"], (string?)file["persona_descriptions"]!["1764629000-Ann.png"]!["description"]));
        Assert.Equal("1764629000-Ann.png", (string?)chat["chat_metadata"]!["persona"]);
    }

    [Fact]
    public async Task AFileThatIsNotABackupOrHasAnInvalidPersonaIsRefusedWholeAndMyExportIsMineAlone()
    {
        var user = await TestUser.SignUpAsync(server);
        var stranger = await TestUser.SignUpAsync(server);
        await (await stranger.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "Stranger" })).AssertOkJsonAsync(HttpStatusCode.Created);
        var tooLong = new string('x', 101);

        await (await user.Client.PostAsync("/api/v1/persona/import", File("{not json"))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await user.Client.PostAsync("/api/v1/persona/import", File("""{"name":"a preset?"}"""))).AssertProblemAsync(HttpStatusCode.BadRequest);
        var invalid = await (await user.Client.PostAsync("/api/v1/persona/import", File(
            """{"personas":{"a.png":"Fine","b.png":""" + JsonSerializer.Serialize(tooLong) + """},"persona_descriptions":{"a.png":{"description":"ok"}}}"""))).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(invalid.GetProperty("errors").TryGetProperty("personas.b.png", out _), invalid.ToString());
        Assert.Empty(await ListAsync(user));
        var exported = JsonNode.Parse(await (await user.Client.GetAsync("/api/v1/persona/export")).Content.ReadAsStringAsync())!;
        Assert.Empty(exported["personas"]!.AsObject());
    }

    [Fact]
    public async Task ABackupSentSeveralTimesAtOnceAddsItsPersonasOnce()
    {
        var user = await TestUser.SignUpAsync(server);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => user.Client.PostAsync("/api/v1/persona/import", File(Backup))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(["Ann", "Bo", "Cy"], (await ListAsync(user)).Keys.Order());
    }

    [Fact]
    public async Task AnAccountKeepsAtMostAThousandPersonasAndABackupPastThatStoresNothing()
    {
        var user = await TestUser.SignUpAsync(server);
        await (await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "Ann" })).AssertOkJsonAsync(HttpStatusCode.Created);

        await (await user.Client.PostAsync("/api/v1/persona/import", File(ManyBackup(1001)))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(["Ann"], (await ListAsync(user)).Keys);

        // 998 new, and two skipped: " ann" as Ann, "P 7" as "p 7" before it.
        var imported = (await (await user.Client.PostAsync("/api/v1/persona/import", File(ManyBackup(998, " ann", "P 7"))))
            .AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");
        Assert.Equal((998, 2), (imported.GetProperty("imported").GetArrayLength(), imported.GetProperty("skipped").GetArrayLength()));

        await (await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "The thousandth" })).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "One more" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await user.Client.PostAsync("/api/v1/persona/import", File(ManyBackup(1, "One more")))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1000, (await ListAsync(user)).Count);
    }

    /// <summary>A backup of personas named "p 0"… and then <paramref name="more"/>.</summary>
    private static string ManyBackup(int count, params string[] more)
    {
        var names = new JsonObject();
        var descriptions = new JsonObject();
        foreach (var (name, index) in Enumerable.Range(0, count).Select(i => $"p {i}").Concat(more).Select((n, i) => (n, i)))
        {
            names[$"{index}.png"] = name;
            descriptions[$"{index}.png"] = new JsonObject { ["description"] = "" };
        }

        return new JsonObject { ["personas"] = names, ["persona_descriptions"] = descriptions }.ToJsonString();
    }

    private static async Task<Dictionary<string, JsonElement>> ListAsync(TestUser user) =>
        (await (await user.Client.GetAsync("/api/v1/persona/list")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!);

    private static Guid Id(Dictionary<string, JsonElement> personas, string name) => personas[name].GetProperty("id").GetGuid();

    private static MultipartFormDataContent File(string json) =>
        Characters.TestImages.Form(Encoding.UTF8.GetBytes(json), "personas_20261206.json", "application/json");
}

public sealed class PersonaBackupTestsOnSqlite(SqliteChatServer server) : PersonaBackupTests(server), IClassFixture<SqliteChatServer>;

public sealed class PersonaBackupTestsOnPostgres(PostgresChatServer server) : PersonaBackupTests(server), IClassFixture<PostgresChatServer>;
