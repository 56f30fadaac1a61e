using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Characters;

/// <summary>POST /character/{id}/avatar and serving uploads back from /api/v1/avatars/{file}.</summary>
public abstract class CharacterAvatarTests(KissChatServer server)
{
    private static string Upload(Guid id) => $"/api/v1/character/{id}/avatar";

    [Theory]
    [MemberData(nameof(TestImages.EachFormat), MemberType = typeof(TestImages))]
    public async Task AnUploadedImageBecomesTheAvatarAndIsServedBackCacheable(string format, byte[] image, string contentType, string extension)
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = $"Mira in {format}" });

        // The client's name and type are deliberately wrong: only the bytes decide.
        var response = await owner.Client.PostAsync(Upload(id), TestImages.Form(image, "../../etc/passwd", "text/plain"));

        var body = await response.AssertOkJsonAsync();
        Assert.Equal("Avatar uploaded.", body.GetProperty("message").GetString());
        var avatarUrl = body.GetProperty("data").GetProperty("avatar_url").GetString()!;
        Assert.Matches($"^/api/v1/avatars/[0-9a-f]{{32}}\\{extension}$", avatarUrl);
        Assert.Equal(avatarUrl, (await CharacterApi.GetAsync(owner, id)).GetProperty("avatar_url").GetString());
        Assert.Equal([TestImages.FileName(avatarUrl)], TestImages.StoredFiles(server.DataDirectory).Where(f => f == TestImages.FileName(avatarUrl)));

        var served = await owner.Client.GetAsync(avatarUrl);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(contentType, served.Content.Headers.ContentType?.MediaType);
        // Stored re-encoded: the same picture, not necessarily the same bytes.
        Assert.Equal(TestImages.Pixels(image), TestImages.Pixels(await served.Content.ReadAsByteArrayAsync()), PixelsComparer.For(format));
        var etag = served.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.True(served.Headers.CacheControl!.Public);
        Assert.Contains("immutable", served.Headers.CacheControl.Extensions.Select(e => e.Name));
        Assert.True(served.Headers.CacheControl.MaxAge >= TimeSpan.FromDays(365));
        Assert.Equal(["nosniff"], served.Headers.GetValues("X-Content-Type-Options"));

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, avatarUrl);
        revalidate.Headers.IfNoneMatch.Add(etag);
        var notModified = await server.CreateClient().SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ReplacingAnAvatarRemovesTheOldFile()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        var first = await UploadAsync(owner, id, TestImages.Png);

        var second = await UploadAsync(owner, id, TestImages.WebP);

        var stored = TestImages.StoredFiles(server.DataDirectory);
        Assert.DoesNotContain(TestImages.FileName(first), stored);
        Assert.Contains(TestImages.FileName(second), stored);
        await (await owner.Client.GetAsync(first)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync(second)).StatusCode);
    }

    [Fact]
    public async Task DeletingTheAccountTakesItsCharactersAvatarFilesOffline()
    {
        var owner = await TestUser.SignUpAsync(server);
        var first = await UploadAsync(owner, await CharacterApi.CreateIdAsync(owner, new { name = "One" }), TestImages.Png);
        var second = await UploadAsync(owner, await CharacterApi.CreateIdAsync(owner, new { name = "Two" }), TestImages.Jpeg);

        await (await owner.Client.DeleteAsync($"/api/v1/user/delete/{owner.Id}")).AssertOkJsonAsync();

        var stored = TestImages.StoredFiles(server.DataDirectory);
        Assert.DoesNotContain(TestImages.FileName(first), stored);
        Assert.DoesNotContain(TestImages.FileName(second), stored);
        await (await server.CreateClient().GetAsync(first)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnUploadedAvatarIsRemovedWithItsCharacterOrWhenTheUrlIsChanged()
    {
        var owner = await TestUser.SignUpAsync(server);
        var deleted = await CharacterApi.CreateIdAsync(owner, new { name = "Gone" });
        var changed = await CharacterApi.CreateIdAsync(owner, new { name = "Changed" });
        var deletedAvatar = await UploadAsync(owner, deleted, TestImages.Png);
        var changedAvatar = await UploadAsync(owner, changed, TestImages.Jpeg);

        await (await owner.Client.DeleteAsync($"/api/v1/character/delete/{deleted}")).AssertOkJsonAsync();
        await (await CharacterApi.PatchAsync(owner, changed, """{"avatar_url": "https://cdn.example.com/new.png"}""")).AssertOkJsonAsync();

        var stored = TestImages.StoredFiles(server.DataDirectory);
        Assert.DoesNotContain(TestImages.FileName(deletedAvatar), stored);
        Assert.DoesNotContain(TestImages.FileName(changedAvatar), stored);
    }

    [Fact]
    public async Task AnUploadedAvatarUrlCanBeSentBackUnchangedButNotGivenToAnotherCharacter()
    {
        var owner = await TestUser.SignUpAsync(server);
        var mira = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        var ann = await CharacterApi.CreateIdAsync(owner, new { name = "Ann" });
        var avatar = await UploadAsync(owner, mira, TestImages.Png);

        var unchanged = await CharacterApi.PatchAsync(owner, mira, $$"""{"name": "Mira V", "avatar_url": "{{avatar}}"}""");
        var borrowed = await CharacterApi.PatchAsync(owner, ann, $$"""{"avatar_url": "{{avatar}}"}""");
        var created = await owner.Client.PostAsync("/api/v1/character/create", CharacterApi.Json($$"""{"name": "Copy", "avatar_url": "{{avatar.ToUpperInvariant()}}"}"""));

        Assert.Equal(avatar, (await unchanged.AssertOkJsonAsync()).GetProperty("data").GetProperty("avatar_url").GetString());
        foreach (var refused in new[] { borrowed, created })
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("avatar_url", out _), problem.ToString());
        }

        Assert.Contains(TestImages.FileName(avatar), TestImages.StoredFiles(server.DataDirectory));
    }

    [Fact]
    public async Task ATextFileNamedLikeAnImageIsRejectedAndNothingIsStored()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        var before = TestImages.StoredFiles(server.DataDirectory);

        var response = await owner.Client.PostAsync(Upload(id), TestImages.Form(Encoding.UTF8.GetBytes("just some text, honest"), "cat.png", "image/png"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["'file' must be a PNG, JPEG or WebP image."], problem.GetProperty("errors").GetProperty("file").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(before, TestImages.StoredFiles(server.DataDirectory));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await CharacterApi.GetAsync(owner, id)).GetProperty("avatar_url").ValueKind);
    }

    [Theory]
    [InlineData("photo")]
    [InlineData("file")]
    public async Task AMissingOrEmptyFileFieldIsABadRequestNamingIt(string field)
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        var bytes = field == "file" ? [] : TestImages.Png;

        var response = await owner.Client.PostAsync(Upload(id), TestImages.Form(bytes, field: field));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _), problem.ToString());
    }

    [Theory]
    [InlineData(5 * 1024 * 1024 + 1)]
    [InlineData(8 * 1024 * 1024)]
    public async Task AnImageOverFiveMegabytesIsTooLarge(int size)
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        var huge = new byte[size];
        TestImages.Png.CopyTo(huge, 0);
        var before = TestImages.StoredFiles(server.DataDirectory);

        // Announcing the body lets the server refuse it before it is sent; otherwise the refusal races the upload
        // and the client may only see the connection close.
        using var request = new HttpRequestMessage(HttpMethod.Post, Upload(id)) { Content = TestImages.Form(huge) };
        request.Headers.ExpectContinue = true;

        var response = await owner.Client.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("too large", problem.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, TestImages.StoredFiles(server.DataDirectory));
    }

    [Fact]
    public async Task AnImageOfExactlyFiveMegabytesIsAcceptedAndStoredAsItsPixelsOnly()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        var large = new byte[5 * 1024 * 1024];
        TestImages.Jpeg.CopyTo(large, 0);

        var avatar = await UploadAsync(owner, id, large);

        // Whatever followed the image's end is not kept.
        Assert.True(new FileInfo(Path.Combine(server.DataDirectory, "avatars", TestImages.FileName(avatar))).Length < 4096);
        Assert.Equal((1, 1), TestImages.Pixels(await owner.Client.GetByteArrayAsync(avatar)) is var (width, height, _) ? (width, height) : default);
    }

    [Theory]
    [InlineData("png", ".png")]
    [InlineData("jpeg", ".jpg")]
    [InlineData("webp", ".webp")]
    public async Task AnAvatarIsServedWithoutItsMetadataAndAsAThumbnailForLists(string format, string extension)
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        var picture = TestImages.Picture(600, 300, format);
        Assert.Contains("Someone's real name", System.Text.Encoding.Latin1.GetString(picture), StringComparison.Ordinal);

        var avatar = await UploadAsync(owner, id, picture);

        Assert.EndsWith(extension, avatar, StringComparison.Ordinal);
        var full = await owner.Client.GetAsync(avatar);
        var explicitFull = await owner.Client.GetByteArrayAsync($"{avatar}?size=full");
        var thumbnail = await owner.Client.GetAsync($"{avatar}?size=thumb");
        var fullBytes = await full.Content.ReadAsByteArrayAsync();
        var thumbnailBytes = await thumbnail.Content.ReadAsByteArrayAsync();
        Assert.DoesNotContain("Someone's real name", System.Text.Encoding.Latin1.GetString(fullBytes), StringComparison.Ordinal);
        Assert.DoesNotContain("Someone's real name", System.Text.Encoding.Latin1.GetString(thumbnailBytes), StringComparison.Ordinal);
        Assert.Equal(TestImages.Pixels(picture), TestImages.Pixels(fullBytes), PixelsComparer.For(format));
        Assert.Equal(fullBytes, explicitFull);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal(full.Content.Headers.ContentType?.MediaType, thumbnail.Content.Headers.ContentType?.MediaType);
        var (width, height, _) = TestImages.Pixels(thumbnailBytes);
        Assert.Equal((256, 128), (width, height));
        Assert.NotEqual(full.Headers.ETag, thumbnail.Headers.ETag);
        Assert.True(thumbnail.Headers.CacheControl!.Public);
    }

    [Fact]
    public async Task ASmallAvatarsThumbnailIsTheImageItselfAndAnUnknownSizeIsABadRequest()
    {
        var owner = await TestUser.SignUpAsync(server);
        var avatar = await UploadAsync(owner, await CharacterApi.CreateIdAsync(owner, new { name = "Mira" }), TestImages.Picture(100, 200));

        var thumbnail = await owner.Client.GetByteArrayAsync($"{avatar}?size=thumb");
        var unknown = await owner.Client.GetAsync($"{avatar}?size=huge");

        Assert.Equal(await owner.Client.GetByteArrayAsync(avatar), thumbnail);
        var problem = await unknown.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["'size' must be 'thumb' or 'full'."], problem.GetProperty("errors").GetProperty("size").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("more pixels than allowed", "'file' is 5000×4000 pixels: at most 8192 pixels a side and 16,777,216 pixels in all are accepted.")]
    [InlineData("wider than allowed", "'file' is 9000×1 pixels: at most 8192 pixels a side and 16,777,216 pixels in all are accepted.")]
    [InlineData("pixel data that is not zlib", "'file' is not a valid PNG image: it cannot be decoded.")]
    [InlineData("a chunk with a wrong CRC", "'file' is not a valid PNG image. The PNG is corrupt: the CRC of its 'IDAT' chunk at byte 33 does not match.")]
    [InlineData("no IEND", "'file' is not a valid PNG image. The PNG is truncated: it ends before its IEND chunk.")]
    [InlineData("a JPEG cut short", "'file' is not a valid JPEG image: it cannot be decoded.")]
    [InlineData("a GIF", "'file' must be a PNG, JPEG or WebP image.")]
    public async Task AHostileOrBrokenImageIsABadRequestSayingWhyAndNothingIsStored(string image, string error)
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        var before = TestImages.StoredFiles(server.DataDirectory);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var response = await owner.Client.PostAsync(Upload(id), TestImages.Form(HostileImages.Make(image)));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([error], problem.GetProperty("errors").GetProperty("file").EnumerateArray().Select(e => e.GetString()));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
        Assert.Equal(before, TestImages.StoredFiles(server.DataDirectory));
    }

    [Fact]
    public async Task UploadingToSomeoneElsesCharacterIsForbiddenAndToAnUnknownOneNotFound()
    {
        var owner = await TestUser.SignUpAsync(server);
        var intruder = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        var before = TestImages.StoredFiles(server.DataDirectory);

        var forbidden = await intruder.Client.PostAsync(Upload(id), TestImages.Form(TestImages.Png));
        var missing = await owner.Client.PostAsync(Upload(Guid.CreateVersion7()), TestImages.Form(TestImages.Png));

        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden);
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, TestImages.StoredFiles(server.DataDirectory));
    }

    [Fact]
    public async Task UploadingNeedsASignedInUserButServingDoesNot()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        var avatar = await UploadAsync(owner, id, TestImages.Png);
        var anonymous = server.CreateClient();

        var upload = await anonymous.PostAsync(Upload(id), TestImages.Form(TestImages.Png));
        var served = await anonymous.GetAsync(avatar);

        await upload.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef.png")]
    [InlineData("..%2Fkisschat.db")]
    [InlineData("kisschat.db")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF.png")]
    public async Task UnknownOrForeignAvatarNamesAreNotFound(string name)
    {
        var response = await server.CreateClient().GetAsync($"/api/v1/avatars/{name}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AJsonBodyInsteadOfAFormIsRefused()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });

        var response = await owner.Client.PostAsync(Upload(id), CharacterApi.Json("""{"file": "iVBORw0KGgo="}"""));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nabc")]
    [InlineData("multipart/form-data; boundary=x", "no boundary anywhere")]
    public async Task ABrokenMultipartBodyIsABadRequestNamingTheFileAndStoresNothing(string contentType, string body)
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        var before = TestImages.StoredFiles(server.DataDirectory);
        var content = new StringContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var response = await owner.Client.PostAsync(Upload(id), content);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["The upload is not valid multipart/form-data."], problem.GetProperty("errors").GetProperty("file").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(before, TestImages.StoredFiles(server.DataDirectory));
    }

    private static async Task<string> UploadAsync(TestUser user, Guid characterId, byte[] image)
    {
        var response = await user.Client.PostAsync(Upload(characterId), TestImages.Form(image));
        return (await response.AssertOkJsonAsync()).GetProperty("data").GetProperty("avatar_url").GetString()!;
    }
}

public sealed class CharacterAvatarTestsOnSqlite(SqliteServer server) : CharacterAvatarTests(server), IClassFixture<SqliteServer>;

public sealed class CharacterAvatarTestsOnPostgres(PostgresServer server) : CharacterAvatarTests(server), IClassFixture<PostgresServer>;
