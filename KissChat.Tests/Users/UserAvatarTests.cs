using System.Net;
using System.Net.Http.Json;
using KissChat.Tests.Characters;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Users;

/// <summary>POST /user/avatar: the signed-in user's own avatar, stored and served like a character's.</summary>
public abstract class UserAvatarTests(KissChatServer server)
{
    private const string Upload = "/api/v1/user/avatar";

    [Fact]
    public async Task UploadingAnAvatarUpdatesTheProfileAndMe()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsync(Upload, TestImages.Form(TestImages.Jpeg, "me.jpg", "image/jpeg"));

        var body = await response.AssertOkJsonAsync();
        Assert.Equal("Avatar uploaded.", body.GetProperty("message").GetString());
        var avatarUrl = body.GetProperty("data").GetProperty("avatar_url").GetString()!;
        Assert.Matches("^/api/v1/avatars/[0-9a-f]{32}\\.jpg$", avatarUrl);
        var me = (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(avatarUrl, me.GetProperty("avatar_url").GetString());
        var served = await user.Client.GetAsync(avatarUrl);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        // A frontend on another site shows it (every other response is kept to this site).
        Assert.Equal("cross-origin", served.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        var defaultAvatar = await user.Client.GetAsync("/static/default-avatar.svg");
        Assert.Equal("cross-origin", defaultAvatar.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        Assert.Equal("same-site", (await user.Client.GetAsync("/api/v1/auth/me")).Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        Assert.Equal(TestImages.Pixels(TestImages.Jpeg), TestImages.Pixels(await served.Content.ReadAsByteArrayAsync()), PixelsComparer.Lossy);
    }

    [Fact]
    public async Task ReplacingTheAvatarRemovesTheOldUploadButNeverTheDefault()
    {
        var user = await TestUser.SignUpAsync(server);
        var defaultAvatar = (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data").GetProperty("avatar_url").GetString();

        var first = await UploadAsync(user, TestImages.Png);
        var second = await UploadAsync(user, TestImages.WebP);
        await (await user.Client.PutAsJsonAsync($"/api/v1/user/update/{user.Id}", new { avatar_url = "https://cdn.example.com/me.png" })).AssertOkJsonAsync();

        Assert.Equal("/static/default-avatar.svg", defaultAvatar);
        var stored = TestImages.StoredFiles(server.DataDirectory);
        Assert.DoesNotContain(TestImages.FileName(first), stored);
        Assert.DoesNotContain(TestImages.FileName(second), stored);
    }

    [Fact]
    public async Task AProfileCannotPointAtSomeoneElsesUploadedAvatar()
    {
        var victim = await TestUser.SignUpAsync(server);
        var thief = await TestUser.SignUpAsync(server);
        var avatar = await UploadAsync(victim, TestImages.Png);

        var response = await thief.Client.PutAsJsonAsync($"/api/v1/user/update/{thief.Id}", new { avatar_url = avatar });
        var unchanged = await victim.Client.PutAsJsonAsync($"/api/v1/user/update/{victim.Id}", new { status = "away", avatar_url = avatar });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("avatar_url", out _), problem.ToString());
        Assert.Equal(avatar, (await unchanged.AssertOkJsonAsync()).GetProperty("data").GetProperty("avatar_url").GetString());
        await UploadAsync(thief, TestImages.Jpeg);
        Assert.Contains(TestImages.FileName(avatar), TestImages.StoredFiles(server.DataDirectory));
    }

    [Fact]
    public async Task DeletingTheAccountRemovesItsUploadedAvatar()
    {
        var user = await TestUser.SignUpAsync(server);
        var avatar = await UploadAsync(user, TestImages.Png);

        await (await user.Client.DeleteAsync($"/api/v1/user/delete/{user.Id}")).AssertOkJsonAsync();

        Assert.DoesNotContain(TestImages.FileName(avatar), TestImages.StoredFiles(server.DataDirectory));
    }

    [Fact]
    public async Task ANonImageIsRejectedAndTheAvatarStaysAsItWas()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsync(Upload, TestImages.Form("GIF89a, not accepted"u8.ToArray(), "me.png"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _), problem.ToString());
        var me = (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal("/static/default-avatar.svg", me.GetProperty("avatar_url").GetString());
    }

    [Fact]
    public async Task AnImageOverFiveMegabytesIsTooLargeAndTheAvatarStaysAsItWas()
    {
        var user = await TestUser.SignUpAsync(server);
        var huge = new byte[(5 * 1024 * 1024) + 1];
        TestImages.Png.CopyTo(huge, 0);
        using var request = new HttpRequestMessage(HttpMethod.Post, Upload) { Content = TestImages.Form(huge) };
        request.Headers.ExpectContinue = true;

        var response = await user.Client.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("too large", problem.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        var me = (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal("/static/default-avatar.svg", me.GetProperty("avatar_url").GetString());
    }

    [Fact]
    public async Task UploadingAnAvatarNeedsASignedInUser()
    {
        var response = await server.CreateClient().PostAsync(Upload, TestImages.Form(TestImages.Png));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static async Task<string> UploadAsync(TestUser user, byte[] image) =>
        (await (await user.Client.PostAsync(Upload, TestImages.Form(image))).AssertOkJsonAsync()).GetProperty("data").GetProperty("avatar_url").GetString()!;
}

public sealed class UserAvatarTestsOnSqlite(SqliteServer server) : UserAvatarTests(server), IClassFixture<SqliteServer>;

public sealed class UserAvatarTestsOnPostgres(PostgresServer server) : UserAvatarTests(server), IClassFixture<PostgresServer>;
