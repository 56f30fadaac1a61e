using System.Net;
using System.Net.Http.Json;
using KissChat.Tests.Characters;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hardening;

/// <summary>
/// Every viewer's browser loads an <c>avatar_url</c> with their cookies, so a field that could name any path on this server
/// would make each visitor of the library run that request (an account export, a search).
/// </summary>
public sealed class AvatarUrlTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Theory]
    [InlineData("/api/v1/user/export")]
    [InlineData("/api/v1/chat/search?q=x")]
    [InlineData("/API/V1/USER/EXPORT")]
    [InlineData("/api/v1/avatars/../user/export")]
    [InlineData("/api/v1/avatars/0123456789abcdef0123456789abcdef.png/../../user/export")]
    [InlineData("/static/../api/v1/user/export")]
    [InlineData("/static/%2e%2e/api/v1/user/export")]
    [InlineData("/static/default-avatar.svg?x=/api")]
    [InlineData("/x.png")]
    [InlineData("https:/api/v1/user/export")]
    [InlineData("http:api/v1/user/export")]
    [InlineData("https:\\\\kisschat.example\\api")]
    [InlineData("//evil.example/x.png")]
    [InlineData("ftp://files.example/x.png")]
    public async Task OnlyAnImageLocationIsAcceptedForEveryAvatarField(string value)
    {
        var user = await TestUser.SignUpAsync(server);

        var character = await user.Client.PostAsJsonAsync("/api/v1/character/create", new { name = "Lure", avatar_url = value });
        var profile = await user.Client.PutAsJsonAsync($"/api/v1/user/update/{user.Id}", new { avatar_url = value });
        var persona = await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "Me", avatar_url = value });

        foreach (var refused in new[] { character, profile, persona })
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("avatar_url", out _), problem.ToString());
        }
    }

    [Theory]
    [InlineData("/static/default-avatar.svg")]
    [InlineData("/static/avatars/cat_1.webp")]
    [InlineData("https://cdn.example.com/avatars/mira.png?size=2")]
    [InlineData("http://images.example/a.jpg")]
    public async Task ImageLocationsAreAccepted(string value)
    {
        var user = await TestUser.SignUpAsync(server);

        var character = await user.Client.PostAsJsonAsync("/api/v1/character/create", new { name = "Mira", avatar_url = value });
        var profile = await user.Client.PutAsJsonAsync($"/api/v1/user/update/{user.Id}", new { avatar_url = value });
        var persona = await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "Me", avatar_url = value });

        Assert.Equal(value, (await character.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("avatar_url").GetString());
        Assert.Equal(value, (await profile.AssertOkJsonAsync()).GetProperty("data").GetProperty("avatar_url").GetString());
        Assert.Equal(value, (await persona.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("avatar_url").GetString());
    }

    /// <summary>
    /// What the field rule cannot catch: this server's own full URL (which the web app's Content-Security-Policy allows),
    /// and paths stored before the rule. A browser marks an image load, and only the avatars answer one.
    /// </summary>
    [Fact]
    public async Task AnImageLoadOfAnApiRouteOtherThanTheAvatarsIsRefused()
    {
        var user = await TestUser.SignUpAsync(server);
        var avatar = (await (await user.Client.PostAsync("/api/v1/user/avatar", TestImages.Form(TestImages.Png))).AssertOkJsonAsync())
            .GetProperty("data").GetProperty("avatar_url").GetString()!;

        var export = await user.Client.SendAsync(ImageLoad("/api/v1/user/export?size=thumb"));
        var shouted = await user.Client.SendAsync(ImageLoad("/API/v1/User/Export"));
        var image = await user.Client.SendAsync(ImageLoad($"{avatar}?size=thumb"));
        var fetched = await user.Client.GetAsync("/api/v1/user/export");

        await export.AssertProblemAsync(HttpStatusCode.Forbidden);
        await shouted.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
    }

    private static HttpRequestMessage ImageLoad(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Sec-Fetch-Dest", "image");
        return request;
    }
}
