using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Characters.Cards;

/// <summary>A PNG card's picture is its character's portrait: imported as the avatar, exported as the card's picture.</summary>
public abstract class CardPictureTests(KissChatServer server)
{
    [Fact]
    public async Task APngCardsPictureBecomesTheAvatarWithoutTheCardAndComesBackPixelForPixel()
    {
        var user = await TestUser.SignUpAsync(server);
        var picture = TestImages.Picture(300, 450);
        var card = PngFile.WithCardsOn(picture, ("chara", SampleCards.SillyTavernV2().ToJsonString()));

        var character = await CardApi.ImportAsync(user, SampleCards.Upload(card, "Seraphina.png"));

        var avatarUrl = character.GetProperty("avatar_url").GetString()!;
        Assert.Matches("^/api/v1/avatars/[0-9a-f]{32}\\.png$", avatarUrl);
        var avatar = await user.Client.GetByteArrayAsync(avatarUrl);
        Assert.Equal(["IHDR", "IDAT", "IEND"], PngFile.Chunks(avatar).Select(c => c.Type).Distinct());
        Assert.Equal(TestImages.Pixels(picture), TestImages.Pixels(avatar), PixelsComparer.Exact);
        var (thumbnailWidth, thumbnailHeight, _) = TestImages.Pixels(await user.Client.GetByteArrayAsync($"{avatarUrl}?size=thumb"));
        Assert.Equal(256, thumbnailHeight);
        Assert.InRange(thumbnailWidth, 170, 171);

        var exported = await CardApi.ExportPngAsync(user, character.GetProperty("character_id").GetGuid());
        var again = await CardApi.ImportAsync(user, SampleCards.Upload(exported));
        var exportedAgain = await CardApi.ExportPngAsync(user, again.GetProperty("character_id").GetGuid());

        Assert.Equal(TestImages.Pixels(picture), TestImages.Pixels(exported), PixelsComparer.Exact);
        Assert.Equal(TestImages.Pixels(picture), TestImages.Pixels(exportedAgain), PixelsComparer.Exact);
        Assert.Equal(PngFile.Cards(exported), PngFile.Cards(exportedAgain));
        Assert.Equal(TestImages.Pixels(avatar), TestImages.Pixels(await user.Client.GetByteArrayAsync(again.GetProperty("avatar_url").GetString()!)), PixelsComparer.Exact);
    }

    [Fact]
    public async Task AnImportedCharactersAvatarIsRemovedWithIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var character = await CardApi.ImportAsync(user, SampleCards.Upload(PngFile.WithCardsOn(TestImages.Picture(20, 30), ("ccv3", SampleCards.V3().ToJsonString()))));
        var avatar = TestImages.FileName(character.GetProperty("avatar_url").GetString()!);
        Assert.Contains(avatar, TestImages.StoredFiles(server.DataDirectory));

        await (await user.Client.DeleteAsync($"/api/v1/character/delete/{character.GetProperty("character_id").GetGuid()}")).AssertOkJsonAsync();

        Assert.DoesNotContain(TestImages.StoredFiles(server.DataDirectory), f => f.StartsWith(Path.GetFileNameWithoutExtension(avatar), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("webp")]
    public async Task ExportingACharacterWithAnUploadedAvatarEmbedsItConvertedToPng(string format)
    {
        var user = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(user, new { name = "Mira" });
        var upload = await user.Client.PostAsync($"/api/v1/character/{id}/avatar", TestImages.Form(TestImages.Picture(120, 80, format)));
        var avatarUrl = (await upload.AssertOkJsonAsync()).GetProperty("data").GetProperty("avatar_url").GetString()!;

        var exported = await CardApi.ExportPngAsync(user, id);

        Assert.Equal(["IHDR", "IDAT", "tEXt", "IEND"], PngFile.Chunks(exported).Select(c => c.Type).Distinct());
        Assert.Equal(TestImages.Pixels(await user.Client.GetByteArrayAsync(avatarUrl)), TestImages.Pixels(exported), PixelsComparer.Exact);
        Assert.Equal("Mira", JsonNode.Parse(PngFile.Cards(exported)["chara"])!["data"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACharacterWithoutAnUploadedAvatarExportsThePlaceholderPicture()
    {
        var user = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(user, new { name = "Mira", avatar_url = "https://cdn.example.com/mira.png" });

        var exported = await CardApi.ExportPngAsync(user, id);

        var (width, height, rgba) = TestImages.Pixels(exported);
        Assert.Equal((256, 384), (width, height));
        Assert.Single(rgba.Chunk(4).Select(pixel => Convert.ToHexString(pixel)).Distinct());
    }

    [Theory]
    [InlineData("more pixels than allowed", "The card's picture is 5000×4000 pixels: at most 8192 pixels a side and 16,777,216 pixels in all are accepted.")]
    [InlineData("wider than allowed", "The card's picture is 9000×1 pixels: at most 8192 pixels a side and 16,777,216 pixels in all are accepted.")]
    [InlineData("pixel data that is not zlib", "The card's picture is not a valid PNG image: it cannot be decoded.")]
    public async Task ACardWithAHostilePictureIsABadRequestAndCreatesNothing(string image, string error)
    {
        var user = await TestUser.SignUpAsync(server);
        var card = PngFile.WithCardsOn(HostileImages.Make(image), ("chara", SampleCards.SillyTavernV2().ToJsonString()));
        var before = TestImages.StoredFiles(server.DataDirectory);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var response = await user.Client.PostAsync(CardApi.Import, SampleCards.Upload(card));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(error, problem.GetProperty("error").GetString());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
        Assert.Equal(before, TestImages.StoredFiles(server.DataDirectory));
        var mine = await (await user.Client.GetAsync("/api/v1/character/list")).AssertOkJsonAsync();
        Assert.Equal(0, mine.GetProperty("data").GetArrayLength());
    }
}

public sealed class CardPictureTestsOnSqlite(SqliteServer server) : CardPictureTests(server), IClassFixture<SqliteServer>;

public sealed class CardPictureTestsOnPostgres(PostgresServer server) : CardPictureTests(server), IClassFixture<PostgresServer>;
