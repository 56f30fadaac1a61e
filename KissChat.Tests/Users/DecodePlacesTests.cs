using System.Net;
using System.Net.Http.Json;
using KissChat.Kernel.Files;
using KissChat.Tests.Characters;
using KissChat.Tests.Characters.Cards;
using KissChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Users;

/// <summary>
/// Decoding an image is the costly part of an upload: one user holds at most one of the instance's two places, and an
/// upload that has already lost to a change of the same avatar is refused before it decodes.
/// </summary>
public abstract class DecodePlacesTests(KissChatServer server)
{
    private const string Upload = "/api/v1/user/avatar";

    [Fact]
    public async Task AUsersSecondImageWhileTheFirstIsDecodingIsRefusedAndOthersAreNot()
    {
        var user = await TestUser.SignUpAsync(server);
        var other = await TestUser.SignUpAsync(server);
        var places = server.Services.GetRequiredService<DecodePlaces>();

        HttpResponseMessage avatar, card;
        using (places.TryTurn(user.Id))
        {
            avatar = await user.Client.PostAsync(Upload, TestImages.Form(TestImages.Png));
            card = await user.Client.PostAsync(CardApi.Import, SampleCards.Upload(PngFile.WithCardsOn(TestImages.Picture(20, 30), ("ccv3", SampleCards.V3().ToJsonString()))));
            await (await other.Client.PostAsync(Upload, TestImages.Form(TestImages.Png))).AssertOkJsonAsync();
        }

        await avatar.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(avatar.Headers.RetryAfter?.Delta);
        await card.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        await (await user.Client.PostAsync(Upload, TestImages.Form(TestImages.Png))).AssertOkJsonAsync();
    }

    /// <summary>
    /// Exports decode avatars too. A PNG card is refused as an upload would be; the account zip, long and already under
    /// way, waits. With the turn held it cannot finish, so the delay only bounds the look: a slow machine could let the
    /// test pass wrongly, never fail it.
    /// </summary>
    [Fact]
    public async Task ExportsDecodeAvatarsInTheUsersTurnAPngCardRefusedTheAccountZipWaiting()
    {
        var user = await TestUser.SignUpAsync(server);
        var places = server.Services.GetRequiredService<DecodePlaces>();
        var id = await CardApi.ImportIdAsync(user, SampleCards.Upload(PngFile.WithCardsOn(TestImages.Picture(20, 30), ("ccv3", SampleCards.V3().ToJsonString()))));

        HttpResponseMessage png, json;
        Task<HttpResponseMessage> zip;
        using (places.TryTurn(user.Id))
        {
            png = await user.Client.GetAsync(CardApi.Export(id, "?format=png"));
            json = await user.Client.GetAsync(CardApi.Export(id));
            zip = user.Client.GetAsync("/api/v1/user/export");
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.False(zip.IsCompleted, "The account export decoded an avatar while the user's turn was held.");
        }

        await png.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(png.Headers.RetryAfter?.Delta);
        await json.AssertOkJsonAsync();
        Assert.Equal(HttpStatusCode.OK, (await zip).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync(CardApi.Export(id, "?format=png"))).StatusCode);
    }

    /// <summary>The decoder would refuse this image (400); the 409 shows it never got to.</summary>
    [Fact]
    public async Task AnUploadWhoseAvatarChangedWhileItWaitedIsRefusedBeforeItDecodes()
    {
        var user = await TestUser.SignUpAsync(server);
        var places = server.Services.GetRequiredService<DecodePlaces>();
        var busy = new[] { places.TryTurn(Guid.NewGuid())!, places.TryTurn(Guid.NewGuid())! };
        HttpResponseMessage response;
        try
        {
            foreach (var turn in busy)
            {
                await turn.WaitForPlaceAsync(CancellationToken.None);
            }

            var upload = user.Client.PostAsync(Upload, TestImages.Form(HostileImages.Make("a JPEG cut short"), "me.jpg", "image/jpeg"));
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (places.Waiting == 0)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "The upload never waited for a place.");
                await Task.Delay(10);
            }

            await (await user.Client.PutAsJsonAsync($"/api/v1/user/update/{user.Id}", new { avatar_url = "https://cdn.example.com/me.png" })).AssertOkJsonAsync();
            Array.ForEach(busy, turn => turn.Dispose());
            response = await upload;
        }
        finally
        {
            Array.ForEach(busy, turn => turn.Dispose());
        }

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        var me = (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal("https://cdn.example.com/me.png", me.GetProperty("avatar_url").GetString());
    }
}

public sealed class DecodePlacesTestsOnSqlite(SqliteServer server) : DecodePlacesTests(server), IClassFixture<SqliteServer>;
