using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Characters.Contracts;
using KissChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Characters.Cards;

public abstract class CardImportTests(KissChatServer server)
{
    [Fact]
    public async Task ImportingAV3CardAsJsonCreatesAPrivateCharacterWithEveryMappedField()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsync(CardApi.Import, SampleCards.Json(SampleCards.V3()));

        var body = await response.AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Character imported.", body.GetProperty("message").GetString());
        var character = body.GetProperty("data");
        var id = character.GetProperty("character_id").GetGuid();
        Assert.Equal($"/api/v1/character/get/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(user.Id, character.GetProperty("character_user_id").GetGuid());
        var expected = new Dictionary<string, object>
        {
            ["name"] = "Kael Draven",
            ["public_description"] = "A retired sky-pirate who now runs a tea house. 空の海賊.",
            ["personality"] = "wry, generous, restless",
            ["scenario"] = "The tea house at the edge of the floating market.",
            ["greeting"] = "Sit anywhere. The kettle's older than you are.",
            ["mes_example"] = "<START>\n{{user}}: Were you really a pirate?\n{{char}}: Only on Tuesdays.",
            ["creator_notes"] = "Slow-burn adventure.",
            ["system_instruction"] = "Write {{char}}'s replies in third person.",
            ["post_history_instructions"] = "Keep replies under 200 words.",
            ["alternate_greetings"] = new[] { "Back again? Your usual is on the house." },
            ["tags"] = new[] { "adventure", "slice of life" },
        };
        foreach (var (field, value) in expected)
        {
            Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(value), character.GetProperty(field)), $"{field}: {character.GetProperty(field)}");
        }

        Assert.Equal(JsonValueKind.Null, character.GetProperty("gender").ValueKind);
        Assert.Equal(("private", 0), (character.GetProperty("visibility").GetString(), character.GetProperty("chat_count").GetInt32()));
        Assert.DoesNotContain("card_extras", character.EnumerateObject().Select(p => p.Name));
        var fetched = (await (await user.Client.GetAsync(response.Headers.Location)).AssertOkJsonAsync()).GetProperty("data");
        Assert.True(JsonElement.DeepEquals(character, fetched), $"imported {character}\nfetched {fetched}");
        var stranger = await TestUser.SignUpAsync(server);
        await (await stranger.Client.GetAsync(response.Headers.Location)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ASillyTavernPngWithOnlyACharaChunkImportsWithItsGreetingsAndKeepsItsLorebookAndDepthPrompt()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = SampleCards.SillyTavernV2();

        var character = await CardApi.ImportAsync(user, SampleCards.Upload(SampleCards.Png(("chara", card)), "Seraphina.png"));

        Assert.Equal("Seraphina", character.GetProperty("name").GetString());
        Assert.Equal("A gentle healer, good for cosy fantasy.", character.GetProperty("creator_notes").GetString());
        Assert.Equal(2, character.GetProperty("alternate_greetings").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, character.GetProperty("system_instruction").ValueKind);
        var exported = await CardApi.ExportJsonAsync(user, character.GetProperty("character_id").GetGuid(), 2);
        CardApi.AssertSameJson(card["data"]!["character_book"], exported["data"]!["character_book"]);
        CardApi.AssertSameJson(card["data"]!["extensions"], exported["data"]!["extensions"]);
    }

    [Fact]
    public async Task APngCarryingBothVersionsIsReadFromItsV3Chunk()
    {
        var user = await TestUser.SignUpAsync(server);
        var v2 = SampleCards.SillyTavernV2();
        var v3 = SampleCards.V3();

        var character = await CardApi.ImportAsync(user, SampleCards.Upload(SampleCards.Png(("chara", v2), ("ccv3", v3))));

        Assert.Equal("Kael Draven", character.GetProperty("name").GetString());
    }

    [Fact]
    public async Task AJsonCardFileCanBeUploadedToo()
    {
        var user = await TestUser.SignUpAsync(server);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(SampleCards.V3().ToJsonString())).ToArray();

        var character = await CardApi.ImportAsync(user, SampleCards.Upload(bytes, "kael.json"));

        Assert.Equal("Kael Draven", character.GetProperty("name").GetString());
    }

    [Fact]
    public async Task OurOwnAttributesAreReadFromTheKissChatExtensionWithoutDisturbingOthers()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = SampleCards.V3();
        card["data"]!["extensions"]!["kisschat"] = new JsonObject { ["gender"] = "male", ["age"] = 52, ["ai_generated_behavior"] = true, ["occupation"] = "tea master" };

        var character = await CardApi.ImportAsync(user, SampleCards.Json(card));

        Assert.Equal(("male", 52, true, "tea master"), (
            character.GetProperty("gender").GetString(), character.GetProperty("age").GetInt32(),
            character.GetProperty("ai_generated_behavior").GetBoolean(), character.GetProperty("occupation").GetString()));
        var exported = await CardApi.ExportJsonAsync(user, character.GetProperty("character_id").GetGuid(), 3);
        CardApi.AssertSameJson(card["data"]!["extensions"], exported["data"]!["extensions"]);
    }

    [Fact]
    public async Task ACardCannotMakeItsCharacterPublicOrGiveItAnUploadedAvatar()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = SampleCards.V3();
        card["data"]!["extensions"]!["kisschat"] = new JsonObject
        {
            ["visibility"] = "public", ["chat_count"] = 500, ["avatar_url"] = "/api/v1/avatars/someone-elses.png", ["gender"] = "male",
        };

        var character = await CardApi.ImportAsync(user, SampleCards.Json(card));

        Assert.Equal("male", character.GetProperty("gender").GetString());
        Assert.Equal(("private", 0), (character.GetProperty("visibility").GetString(), character.GetProperty("chat_count").GetInt32()));
        Assert.Equal(JsonValueKind.Null, character.GetProperty("avatar_url").ValueKind);
    }

    [Fact]
    public async Task AnImportedCharacterStartsAChatAndOffersItsAlternateGreetings()
    {
        var user = await TestUser.SignUpAsync(server);
        var id = await CardApi.ImportIdAsync(user, SampleCards.Upload(SampleCards.Png(("chara", SampleCards.SillyTavernV2()))));

        var response = await user.Client.PostAsJsonAsync("/api/v1/chat/new", new { character_id = id });

        var body = await response.AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.NotEqual(Guid.Empty, body.GetProperty("newChatID").GetGuid());
        await using var scope = server.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<ICharacterCatalog>();
        var character = (await catalog.FindForChatAsync(id, user.Id, CancellationToken.None)).Character!;
        Assert.Equal(2, character.AlternateGreetings.Count);
        Assert.StartsWith("*The glade is quiet;", character.AlternateGreetings[0], StringComparison.Ordinal);
        var card = (await catalog.CardForChatAsync(id, user.Id, CancellationToken.None))!;
        Assert.StartsWith("<START>", card.MesExample, StringComparison.Ordinal);
        Assert.Equal("Eldoria", card.Book!.Name);
        Assert.Equal(["shadow", "creatures"], card.Book.Entries.Single().Keys);
    }

    [Fact]
    public async Task ABigPngCardOverTheUsualBodyLimitIsAcceptedAndACardOverTenMegabytesIsNot()
    {
        var user = await TestUser.SignUpAsync(server);
        var picture = new PngFile.Chunk("zTXt", new byte[3 * 1024 * 1024]);
        var oversized = SampleCards.V3();
        oversized["data"]!["extensions"]!["padding"] = new string('a', (10 * 1024 * 1024) + (64 * 1024));

        var accepted = await CardApi.ImportAsync(user, SampleCards.Upload(PngFile.WithChunks(picture, PngFile.Text("ccv3", Base64(SampleCards.V3().ToJsonString())))));
        // Both sent chunked (their length is not known up front): the server reads up to its limit and answers before
        // much more arrives, instead of refusing at once while the client is still writing megabytes.
        var rejected = await user.Client.PostAsJsonAsync(CardApi.Import, oversized);
        var rejectedUpload = await user.Client.PostAsync(CardApi.Import, new MultipartFormDataContent { { JsonContent.Create(oversized), "file", "big.json" } });

        Assert.Equal("Kael Draven", accepted.GetProperty("name").GetString());
        foreach (var response in new[] { rejected, rejectedUpload })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
            Assert.Equal("The request body is too large.", problem.GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task ANulInAMemberWeKeepIsStoredEscapedAndComesBack()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = SampleCards.V3();
        card["data"]!["extensions"]!["note"] = "before\u0000after";

        var id = await CardApi.ImportIdAsync(user, SampleCards.Json(card));

        var exported = await CardApi.ExportJsonAsync(user, id, 3);
        Assert.Equal("before\u0000after", exported["data"]!["extensions"]!["note"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("random bytes", "The card is neither a PNG, a CharX file nor valid JSON (line 1, byte 1).")]
    [InlineData("empty file", "The card is empty.")]
    [InlineData("truncated PNG", "The PNG is truncated")]
    [InlineData("bad CRC", "The PNG is corrupt: the CRC of its 'tEXt' chunk")]
    [InlineData("PNG without a card", "The PNG carries no character card: it has no 'ccv3' or 'chara' text chunk.")]
    [InlineData("bad base64", "The PNG's 'chara' chunk is not valid base64.")]
    [InlineData("base64 of something else", "The card in the PNG's 'chara' chunk is not valid JSON (line 1, byte 1).")]
    [InlineData("not a JSON object", "The card must be a JSON object.")]
    [InlineData("duplicate member", "The card is neither a PNG, a CharX file nor valid JSON: it names a member twice")]
    [InlineData("lone surrogate", "The card is neither a PNG, a CharX file nor valid JSON: it holds text that is not valid UTF-8 or UTF-16.")]
    public async Task MalformedUploadsAreABadRequestSayingWhatIsWrong(string upload, string error)
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsync(CardApi.Import, SampleCards.Upload(MalformedFile(upload)));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith(error, problem.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"spec":"chara_card_v1","data":{"name":"Ann"}}""", "spec", "'spec' is \"chara_card_v1\": only Character Card V1, V2 ('chara_card_v2') and V3 ('chara_card_v3') can be imported.")]
    [InlineData("""{"description":"A V1 card without a name"}""", "spec", "'spec' is missing, and the card has no top-level 'name' (V1) or 'char_name' (Pygmalion) either: only Character Card V1, V2 ('chara_card_v2') and V3 ('chara_card_v3'), and Pygmalion's JSON, can be imported.")]
    [InlineData("""{"char_name":"Ann","char_persona":7}""", "char_persona", "'char_persona' must be a string.")]
    [InlineData("""{"name":"Ann","first_mes":42}""", "first_mes", "'first_mes' must be a string.")]
    [InlineData("""{"spec":"chara_card_v2"}""", "data", "'data' must be an object holding the character.")]
    [InlineData("""{"spec":"chara_card_v2","data":{"description":"no name"}}""", "data.name", "'data.name' is required.")]
    [InlineData("""{"spec":"chara_card_v2","data":{"name":"   "}}""", "data.name", "'data.name' is required.")]
    [InlineData("""{"spec":"chara_card_v2","data":{"name":"Ann","alternate_greetings":[7]}}""", "data.alternate_greetings", "'data.alternate_greetings' must be an array of strings.")]
    [InlineData("""{"spec":"chara_card_v2","data":{"name":"Ann","tags":["ok",7]}}""", "data.tags", "'data.tags' must be an array of strings.")]
    [InlineData("""{"spec":"chara_card_v3","data":{"name":"Ann","first_mes":42}}""", "data.first_mes", "'data.first_mes' must be a string.")]
    [InlineData("""{"spec":"chara_card_v3","data":{"name":"Ann","extensions":[]}}""", "data.extensions", "'data.extensions' must be an object.")]
    [InlineData("""{"spec":"chara_card_v3","data":{"name":"Ann","extensions":{"kisschat":"female"}}}""", "data.extensions.kisschat", "'data.extensions.kisschat' must be an object.")]
    [InlineData("""{"spec":"chara_card_v3","data":{"name":"Ann","extensions":{"kisschat":{"age":17}}}}""", "data.extensions.kisschat.age", "'data.extensions.kisschat.age' must be between 18 and 1000: characters are adults.")]
    [InlineData("""{"spec":"chara_card_v3","data":{"name":"Ann","extensions":{"kisschat":{"age":"old"}}}}""", "data.extensions.kisschat.age", "'data.extensions.kisschat.age' must be a whole number.")]
    [InlineData("""{"spec":"chara_card_v3","data":{"name":"Ann","extensions":{"kisschat":{"ai_generated_behavior":"yes"}}}}""", "data.extensions.kisschat.ai_generated_behavior", "'data.extensions.kisschat.ai_generated_behavior' must be true or false.")]
    [InlineData("""{"spec":"chara_card_v3","data":{"name":"Ann","extensions":{"kisschat":{"gender":"a\u000Cb"}}}}""", "data.extensions.kisschat.gender", "'data.extensions.kisschat.gender' must be a single line without control characters.")]
    public async Task CardsWithWrongOrMissingMembersAreABadRequestNamingTheMember(string json, string member, string error)
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsync(CardApi.Import, SampleCards.Json(json));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([error], problem.GetProperty("errors").GetProperty(member).EnumerateArray().Select(e => e.GetString()));
        Assert.StartsWith(error, problem.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("description")]
    [InlineData("mes_example")]
    [InlineData("alternate_greetings")]
    public async Task ATextMemberOfUpTo200000CharactersIsKeptAndALongerOneIsABadRequestNamingIt(string member)
    {
        var user = await TestUser.SignUpAsync(server);
        var longest = SampleCards.V3();
        var tooLong = SampleCards.V3();
        longest["data"]![member] = Text(member, new string('a', 199_999) + "é");
        tooLong["data"]![member] = Text(member, new string('a', 200_001));

        var id = await CardApi.ImportIdAsync(user, SampleCards.Json(longest));
        var response = await user.Client.PostAsync(CardApi.Import, SampleCards.Json(tooLong));

        CardApi.AssertSameJson(longest["data"]![member], (await CardApi.ExportJsonAsync(user, id, 3))["data"]![member]);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var path = member == "alternate_greetings" ? "data.alternate_greetings[0]" : $"data.{member}";
        var errors = problem.GetProperty("errors").GetProperty(path).EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains($"The length of 'data.{member}' must be 200000 characters or fewer. You entered 200001 characters.", errors);

        static JsonNode Text(string member, string text) => member == "alternate_greetings" ? new JsonArray(text) : JsonValue.Create(text);
    }

    [Fact]
    public async Task AnUploadWithoutAFileFieldOrOfAnotherContentTypeIsRefused()
    {
        var user = await TestUser.SignUpAsync(server);

        var noFile = await user.Client.PostAsync(CardApi.Import, SampleCards.Upload(SampleCards.Png(("chara", SampleCards.V3())), field: "card"));
        var plainText = await user.Client.PostAsync(CardApi.Import, new StringContent(SampleCards.V3().ToJsonString(), Encoding.UTF8, "text/plain"));

        var problem = await noFile.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Attach the card (a PNG, CharX, JSON or YAML file) in a form field named 'file'.", problem.GetProperty("error").GetString());
        problem = await plainText.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nabc")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nabc")]
    [InlineData("multipart/form-data; boundary=x", "no boundary anywhere")]
    public async Task ABrokenMultipartBodyIsABadRequest(string contentType, string body)
    {
        var user = await TestUser.SignUpAsync(server);
        var content = new StringContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        var response = await user.Client.PostAsync(CardApi.Import, content);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("The upload is not valid multipart/form-data.", problem.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ImportingRequiresAnAuthenticatedUser()
    {
        var anonymous = server.CreateClient();

        var response = await anonymous.PostAsync(CardApi.Import, SampleCards.Json(SampleCards.V3()));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static byte[] MalformedFile(string upload)
    {
        var png = SampleCards.Png(("chara", SampleCards.V3()));
        switch (upload)
        {
            case "random bytes":
                var random = new byte[4096];
                new Random(7).NextBytes(random);
                random[0] = 0xFF;
                return random;
            case "empty file":
                return [];
            case "truncated PNG":
                return png[..(png.Length / 2)];
            case "bad CRC":
                png[^30] ^= 0x20;
                return png;
            case "PNG without a card":
                return PngFile.WithChunks(PngFile.Text("Software", "Krita"));
            case "bad base64":
                return PngFile.WithChunks(PngFile.Text("chara", "eyJzcGVjIjo*not-base64*"));
            case "base64 of something else":
                return PngFile.WithChunks(PngFile.Text("chara", Base64("<html>not a card</html>")));
            case "not a JSON object":
                return Encoding.UTF8.GetBytes("""["chara_card_v2"]""");
            case "duplicate member":
                return Encoding.UTF8.GetBytes("""{"spec":"chara_card_v2","spec":"chara_card_v3","data":{"name":"Ann"}}""");
            default:
                return Encoding.UTF8.GetBytes("""{"spec":"chara_card_v2","data":{"name":"Ann \ud800"}}""");
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}

public sealed class CardImportTestsOnSqlite(SqliteServer server) : CardImportTests(server), IClassFixture<SqliteServer>;

public sealed class CardImportTestsOnPostgres(PostgresServer server) : CardImportTests(server), IClassFixture<PostgresServer>;
