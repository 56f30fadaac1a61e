using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Characters.Cards;

/// <summary>A V3 card in its CharX form: a ZIP of <c>card.json</c> and the assets it names, the portrait among them.</summary>
public abstract class CharXImportTests(KissChatServer server)
{
    private const string IconPath = "assets/icon/images/main.png";

    [Fact]
    public async Task ACharXFileImportsItsCardWithItsIconAsTheAvatarAndKeepsItsAssetsList()
    {
        var user = await TestUser.SignUpAsync(server);
        var card = CardWithIcon();
        var file = Zip(
            ("__MACOSX/card.json", "not the card"u8.ToArray()),
            ("card.json", Encoding.UTF8.GetBytes(card.ToJsonString())),
            ("assets/icon/images/other.png", [1, 2, 3]),
            (IconPath, TestImages.Png));

        var character = await CardApi.ImportAsync(user, SampleCards.Upload(file, "kael.charx"));

        Assert.Equal("Kael Draven", character.GetProperty("name").GetString());
        var avatar = await user.Client.GetAsync(character.GetProperty("avatar_url").GetString());
        Assert.Equal(HttpStatusCode.OK, avatar.StatusCode);
        var (sent, stored) = (TestImages.Pixels(TestImages.Png), TestImages.Pixels(await avatar.Content.ReadAsByteArrayAsync()));
        Assert.Equal((sent.Width, sent.Height), (stored.Width, stored.Height));
        Assert.Equal(sent.Rgba, stored.Rgba);
        var exported = await CardApi.ExportJsonAsync(user, character.GetProperty("character_id").GetGuid(), 3);
        CardApi.AssertSameJson(card["data"]!["assets"], exported["data"]!["assets"]);
    }

    [Fact]
    public async Task ACharXFileWhoseIconIsNotInItImportsWithoutAnAvatar()
    {
        var user = await TestUser.SignUpAsync(server);

        var character = await CardApi.ImportAsync(user, SampleCards.Upload(Zip(("card.json", Encoding.UTF8.GetBytes(CardWithIcon().ToJsonString()))), "kael.charx"));

        Assert.Equal(("Kael Draven", JsonValueKind.Null), (character.GetProperty("name").GetString(), character.GetProperty("avatar_url").ValueKind));
    }

    [Theory]
    [InlineData("no card", "The CharX file holds no 'card.json'.")]
    [InlineData("card not JSON", "The CharX file's 'card.json' is not valid JSON")]
    [InlineData("card inflating past 10 MB", "'card.json' in the CharX file is over 10 MB unpacked.")]
    [InlineData("icon inflating past 10 MB", $"'{IconPath}' in the CharX file is over 10 MB unpacked.")]
    [InlineData("truncated archive", "The CharX file is not a readable ZIP archive")]
    [InlineData("card data not an object", "'data' must be an object holding the character.")]
    public async Task ABrokenOrSwellingCharXFileIsABadRequestAndStoresNothing(string upload, string error)
    {
        var user = await TestUser.SignUpAsync(server);
        var card = Encoding.UTF8.GetBytes(CardWithIcon().ToJsonString());
        var swelling = new byte[11 * 1024 * 1024];
        var file = upload switch
        {
            "no card" => Zip((IconPath, TestImages.Png)),
            "card not JSON" => Zip(("card.json", "{\"spec\":"u8.ToArray())),
            "card inflating past 10 MB" => Zip(("card.json", swelling)),
            "icon inflating past 10 MB" => Zip(("card.json", card), (IconPath, swelling)),
            "card data not an object" => Zip(("card.json", """{"spec":"chara_card_v3","spec_version":"3.0","data":"x"}"""u8.ToArray())),
            _ => Zip(("card.json", card))[..40],
        };

        var response = await user.Client.PostAsync(CardApi.Import, SampleCards.Upload(file, "kael.charx"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith(error, problem.GetProperty("error").GetString(), StringComparison.Ordinal);
        var mine = await (await user.Client.GetAsync("/api/v1/character/list")).AssertOkJsonAsync();
        Assert.Equal(0, mine.GetProperty("data").GetArrayLength());
    }

    private static JsonObject CardWithIcon()
    {
        var card = SampleCards.V3();
        card["data"]!["assets"] = JsonNode.Parse($$"""
            [
              { "type": "icon", "uri": "embeded://assets/icon/images/other.png", "name": "other", "ext": "png" },
              { "type": "icon", "uri": "embeded://{{IconPath}}", "name": "main", "ext": "png" },
              { "type": "emotion", "uri": "embeded://assets/emotion/images/happy.png", "name": "happy", "ext": "png" }
            ]
            """);
        return card;
    }

    private static byte[] Zip(params (string Path, byte[] Bytes)[] entries)
    {
        using var file = new MemoryStream();
        using (var archive = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes) in entries)
            {
                using var entry = archive.CreateEntry(path, CompressionLevel.Optimal).Open();
                entry.Write(bytes);
            }
        }

        return file.ToArray();
    }
}

public sealed class CharXImportTestsOnSqlite(SqliteServer server) : CharXImportTests(server), IClassFixture<SqliteServer>;

public sealed class CharXImportTestsOnPostgres(PostgresServer server) : CharXImportTests(server), IClassFixture<PostgresServer>;
