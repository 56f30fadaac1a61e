using System.Text.Json.Nodes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Characters.Cards;

/// <summary>
/// Cards from the wild (RealCards/NOTICE.md says where each comes from): as they are, and rewritten the ways other apps
/// write the same character (a V3 card in a <c>ccv3</c> chunk, a V1 card with its members at the top level). Each imports
/// with its picture, and exports back unchanged.
/// </summary>
public abstract class RealCardsTests(KissChatServer server)
{
    public static TheoryData<string> Cards() => ["Seraphina.png", "CodingSensei.png", "FluxTheCat.png"];

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task ARealCardImportsWithItsPictureAndExportsUnchangedInBothChunks(string file)
    {
        var user = await TestUser.SignUpAsync(server);
        var png = Read(file);
        var card = JsonNode.Parse(PngFile.Cards(png)["chara"])!;

        var character = await CardApi.ImportAsync(user, SampleCards.Upload(png, file));
        var id = character.GetProperty("character_id").GetGuid();
        var exported = await CardApi.ExportPngAsync(user, id);
        var cards = PngFile.Cards(exported);
        var again = await CardApi.ExportPngAsync(user, await CardApi.ImportIdAsync(user, SampleCards.Upload(exported)));

        Assert.Equal(card["data"]!["name"]!.GetValue<string>(), character.GetProperty("name").GetString());
        Assert.Equal(card["data"]!["first_mes"]!.GetValue<string>(), character.GetProperty("greeting").GetString());
        Assert.Equal(TestImages.Pixels(png), TestImages.Pixels(await user.Client.GetByteArrayAsync(character.GetProperty("avatar_url").GetString()!)), PixelsComparer.Exact);
        Assert.Equal(TestImages.Pixels(png), TestImages.Pixels(exported), PixelsComparer.Exact);
        CardApi.AssertSameJson(card, JsonNode.Parse(cards["chara"]));
        CardApi.AssertSameJson(card, await CardApi.ExportJsonAsync(user, id, 2));
        var v3 = JsonNode.Parse(cards["ccv3"])!;
        Assert.Equal("chara_card_v3", v3["spec"]!.GetValue<string>());
        CardApi.AssertSameJson(card["data"], WithoutGroupGreetings(v3["data"]!));
        Assert.Equal(cards, PngFile.Cards(again));
        Assert.Equal(TestImages.Pixels(png), TestImages.Pixels(again), PixelsComparer.Exact);
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task TheSameCharacterAsAV3CardInACcv3ChunkExportsUnchanged(string file)
    {
        var user = await TestUser.SignUpAsync(server);
        var png = Read(file);
        var v3 = JsonNode.Parse(PngFile.Cards(png)["chara"])!.AsObject();
        v3["spec"] = "chara_card_v3";
        v3["spec_version"] = "3.0";
        v3["data"]!["group_only_greetings"] = new JsonArray("*{{char}} greets the whole table.*\r\n");
        v3["data"]!["nickname"] = "ニックネーム";

        var id = await CardApi.ImportIdAsync(user, SampleCards.Upload(PngFile.WithCardsOn(png, ("ccv3", v3.ToJsonString()))));

        CardApi.AssertSameJson(v3, JsonNode.Parse(PngFile.Cards(await CardApi.ExportPngAsync(user, id))["ccv3"]));
        CardApi.AssertSameJson(v3, await CardApi.ExportJsonAsync(user, id, 3));
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task TheSameCharacterAsAV1CardImportsAndKeepsItsMembersAsWritten(string file)
    {
        var user = await TestUser.SignUpAsync(server);
        var v1 = JsonNode.Parse(PngFile.Cards(Read(file))["chara"])!.AsObject();
        v1.Remove("spec");
        v1.Remove("spec_version");
        v1.Remove("data");

        var character = await CardApi.ImportAsync(user, SampleCards.Upload(PngFile.WithCardsOn(Read(file), ("chara", v1.ToJsonString()))));
        var exported = await CardApi.ExportJsonAsync(user, character.GetProperty("character_id").GetGuid(), 2);

        Assert.Equal(v1["description"]!.GetValue<string>(), character.GetProperty("public_description").GetString());
        Assert.Equal(v1["creatorcomment"]!.GetValue<string>(), character.GetProperty("creator_notes").GetString());
        foreach (var (member, value) in v1)
        {
            CardApi.AssertSameJson(value, exported[member]);
        }

        Assert.Equal(v1["mes_example"]!.GetValue<string>(), exported["data"]!["mes_example"]!.GetValue<string>());
    }

    private static byte[] Read(string file)
    {
        using var resource = typeof(RealCardsTests).Assembly.GetManifestResourceStream($"RealCards/{file}")!;
        using var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static JsonObject WithoutGroupGreetings(JsonNode data)
    {
        var copy = data.DeepClone().AsObject();
        Assert.Empty(copy["group_only_greetings"]!.AsArray());
        copy.Remove("group_only_greetings");
        return copy;
    }
}

public sealed class RealCardsTestsOnSqlite(SqliteServer server) : RealCardsTests(server), IClassFixture<SqliteServer>;

public sealed class RealCardsTestsOnPostgres(PostgresServer server) : RealCardsTests(server), IClassFixture<PostgresServer>;
