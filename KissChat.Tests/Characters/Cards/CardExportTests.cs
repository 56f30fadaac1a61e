using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Characters.Cards;

public abstract class CardExportTests(KissChatServer server)
{

    [Fact]
    public async Task AV2CardComesBackUnchangedThroughImportExportAndImportAgain()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = SampleCards.SillyTavernV2();

        var first = await CardApi.ExportJsonAsync(user, await CardApi.ImportIdAsync(user, SampleCards.Json(card)), 2);
        var second = await CardApi.ExportJsonAsync(user, await CardApi.ImportIdAsync(user, SampleCards.Json(first)), 2);

        CardApi.AssertSameJson(card, first);
        CardApi.AssertSameJson(card, second);
    }

    [Fact]
    public async Task AV3CardComesBackUnchangedThroughImportExportAndImportAgain()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = SampleCards.V3();

        var first = await CardApi.ExportJsonAsync(user, await CardApi.ImportIdAsync(user, SampleCards.Json(card)), 3);
        var second = await CardApi.ExportJsonAsync(user, await CardApi.ImportIdAsync(user, SampleCards.Json(first)), 3);

        CardApi.AssertSameJson(card, first);
        CardApi.AssertSameJson(card, second);
    }

    [Fact]
    public async Task AV3PngCardComesBackUnchangedInItsCcv3ChunkAndAsV2InItsCharaChunk()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = SampleCards.V3();

        var id = await CardApi.ImportIdAsync(user, SampleCards.Upload(SampleCards.Png(("ccv3", card))));
        var first = PngFile.Cards(await CardApi.ExportPngAsync(user, id));
        var againId = await CardApi.ImportIdAsync(user, SampleCards.Upload(SampleCards.Png(("ccv3", JsonNode.Parse(first["ccv3"])!))));
        var again = PngFile.Cards(await CardApi.ExportPngAsync(user, againId));

        Assert.Equal(["chara", "ccv3"], first.Keys);
        CardApi.AssertSameJson(card, JsonNode.Parse(first["ccv3"]));
        var v2 = JsonNode.Parse(first["chara"])!;
        Assert.Equal(("chara_card_v2", "2.0"), (v2["spec"]!.GetValue<string>(), v2["spec_version"]!.GetValue<string>()));
        CardApi.AssertSameJson(card["data"], v2["data"]);
        CardApi.AssertSameJson(card, JsonNode.Parse(again["ccv3"]));
    }

    [Fact]
    public async Task AV2PngCardComesBackUnchangedInItsCharaChunkAndAsV3InItsCcv3Chunk()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = SampleCards.SillyTavernV2();

        var id = await CardApi.ImportIdAsync(user, SampleCards.Upload(SampleCards.Png(("chara", card))));
        var first = PngFile.Cards(await CardApi.ExportPngAsync(user, id));
        var againId = await CardApi.ImportIdAsync(user, SampleCards.Upload(SampleCards.Png(("chara", JsonNode.Parse(first["chara"])!))));
        var again = PngFile.Cards(await CardApi.ExportPngAsync(user, againId));

        CardApi.AssertSameJson(card, JsonNode.Parse(first["chara"]));
        CardApi.AssertSameJson(card, JsonNode.Parse(again["chara"]));
        var v3 = JsonNode.Parse(first["ccv3"])!;
        Assert.Equal(("chara_card_v3", "3.0"), (v3["spec"]!.GetValue<string>(), v3["spec_version"]!.GetValue<string>()));
        Assert.Empty(v3["data"]!["group_only_greetings"]!.AsArray());
        CardApi.AssertSameJson(card["data"]!["character_book"], v3["data"]!["character_book"]);
    }

    [Fact]
    public async Task OurOwnAttributesLeaveInTheKissChatExtensionAndComeBackOnImport()
    {
        var user = await TestUser.SignUpAsync(server);
        var created = (await (await user.Client.PostAsJsonAsync("/api/v1/character/create", SampleCharacter.EveryField())).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");

        var card = await CardApi.ExportJsonAsync(user, created.GetProperty("character_id").GetGuid(), 3);
        var imported = await CardApi.ImportAsync(user, SampleCards.Json(card));

        var data = card["data"]!;
        var sent = SampleCharacter.EveryField();
        Assert.Equal("chara_card_v3", card["spec"]!.GetValue<string>());
        Assert.Equal(sent["name"], data["name"]!.GetValue<string>());
        Assert.Equal(sent["greeting"], data["first_mes"]!.GetValue<string>());
        Assert.Equal(sent["system_instruction"], data["system_prompt"]!.GetValue<string>());
        var ours = data["extensions"]!["kisschat"]!.AsObject();
        Assert.Equal("female", ours["gender"]!.GetValue<string>());
        Assert.Equal(29, ours["age"]!.GetValue<int>());
        Assert.False(ours.ContainsKey("avatar_url"));
        Assert.False(ours.ContainsKey("name"));
        foreach (var (field, value) in SampleCharacter.EveryField().Where(f => f.Key != "avatar_url"))
        {
            Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(value), imported.GetProperty(field)), $"{field}: {imported.GetProperty(field)}");
        }

        Assert.Equal(JsonValueKind.Null, imported.GetProperty("avatar_url").ValueKind);
    }

    [Fact]
    public async Task ACharacterMadeHereExportsAsACompleteSpecCardWithEmptyStringsForWhatItLacks()
    {
        var user = await TestUser.SignUpAsync(server);
        var id = (await (await user.Client.PostAsJsonAsync("/api/v1/character/create", new { name = "Ann" })).AssertOkJsonAsync(HttpStatusCode.Created))
            .GetProperty("data").GetProperty("character_id").GetGuid();

        var v2 = await CardApi.ExportJsonAsync(user, id, 2);
        var v3 = await CardApi.ExportJsonAsync(user, id, 3);

        // The creator is the author's username (here the email's local part, the default username).
        CardApi.AssertSameJson(SampleCards.Parse($$"""
            {
              "spec": "chara_card_v2", "spec_version": "2.0",
              "data": {
                "name": "Ann", "description": "", "personality": "", "scenario": "", "first_mes": "", "mes_example": "",
                "creator_notes": "", "system_prompt": "", "post_history_instructions": "", "alternate_greetings": [], "tags": [],
                "creator": "{{user.Email.Split('@')[0]}}", "character_version": "", "extensions": {}
              }
            }
            """), v2);
        Assert.Equal(("chara_card_v3", "3.0"), (v3["spec"]!.GetValue<string>(), v3["spec_version"]!.GetValue<string>()));
        Assert.Empty(v3["data"]!["group_only_greetings"]!.AsArray());
    }

    [Fact]
    public async Task TheJsonDownloadIsNamedAfterTheCharacterAndDefaultsToV3()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = SampleCards.V3();
        card["data"]!["name"] = "Kael / \"Sky\" Dräven!";
        var id = await CardApi.ImportIdAsync(user, SampleCards.Json(card));

        var response = await user.Client.GetAsync(CardApi.Export(id));

        var body = await response.AssertOkJsonAsync();
        Assert.Equal("chara_card_v3", body.GetProperty("spec").GetString());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Kael  Sky Dräven!.json", response.Content.Headers.ContentDisposition?.FileNameStar);
    }

    /// <summary>The right-to-left override would show the name ending in "json.exe" in a save dialog.</summary>
    [Fact]
    public async Task TheDownloadNameLeavesOutDirectionControlsAndOtherFormatAndControlCharacters()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = SampleCards.V3();
        card["data"]!["name"] = "\u2066Kael\u200E \u202AD\u00ADr\u00e4ven\u2069\uFEFF\U000E0041\u2028\u202E\U0001F468\u200D\U0001F469\u0645\u200C\u0646nosj.exe";
        var id = await CardApi.ImportIdAsync(user, SampleCards.Json(card));

        var response = await user.Client.GetAsync(CardApi.Export(id));

        await response.AssertOkJsonAsync();
        Assert.Equal("Kael Dr\u00e4ven\U0001F468\u200D\U0001F469\u0645\u200C\u0646nosj.exe.json", response.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task ThePngDownloadIsAValidPngNamedAfterTheCharacter()
    {
        var user = await TestUser.SignUpAsync(server);
        var id = await CardApi.ImportIdAsync(user, SampleCards.Json(SampleCards.V3()));

        var response = await user.Client.GetAsync(CardApi.Export(id, "?format=PNG&version=2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Kael Draven.png", response.Content.Headers.ContentDisposition?.FileNameStar);
        var chunks = PngFile.Chunks(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["IHDR", "IDAT", "tEXt", "tEXt", "IEND"], chunks.Select(c => c.Type));
    }

    [Theory]
    [InlineData("?format=gif", "'format' must be json or png.")]
    [InlineData("?version=1", "'version' must be 2 or 3.")]
    [InlineData("?format=json&version=3.0", "'version' must be 2 or 3.")]
    public async Task AnUnknownFormatOrVersionIsABadRequestNamingIt(string query, string error)
    {
        var user = await TestUser.SignUpAsync(server);
        var id = await CardApi.ImportIdAsync(user, SampleCards.Json(SampleCards.V3()));

        var response = await user.Client.GetAsync(CardApi.Export(id, query));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(error, problem.GetProperty("error").GetString());
    }

    [Fact]
    public async Task SomeoneElsesCharacterCannotBeExportedAndNoneOfItLeaks()
    {
        var owner = await TestUser.SignUpAsync(server);
        var intruder = await TestUser.SignUpAsync(server);
        var id = await CardApi.ImportIdAsync(owner, SampleCards.Json(SampleCards.V3()));

        var json = await intruder.Client.GetAsync(CardApi.Export(id));
        var png = await intruder.Client.GetAsync(CardApi.Export(id, "?format=png"));

        foreach (var response in new[] { json, png })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal("You do not own this character.", problem.GetProperty("error").GetString());
            Assert.DoesNotContain("Kael", problem.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnUnknownCharacterIsNotFoundAndAnonymousExportsAreUnauthorized()
    {
        var user = await TestUser.SignUpAsync(server);
        var id = await CardApi.ImportIdAsync(user, SampleCards.Json(SampleCards.V3()));

        var unknown = await user.Client.GetAsync(CardApi.Export(Guid.CreateVersion7()));
        var anonymous = await server.CreateClient().GetAsync(CardApi.Export(id));

        var problem = await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Character not found.", problem.GetProperty("error").GetString());
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class CardExportTestsOnSqlite(SqliteServer server) : CardExportTests(server), IClassFixture<SqliteServer>;

public sealed class CardExportTestsOnPostgres(PostgresServer server) : CardExportTests(server), IClassFixture<PostgresServer>;
