using System.Net;
using System.Net.Http.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Auth;

/// <summary>
/// Behind a balancer without sticky sessions a browser's refreshes land on either instance: rotation is the database's,
/// so a token issued by one is traded by the other, and two tabs racing on one cookie at two instances end nothing.
/// </summary>
public sealed class RefreshAcrossInstancesTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task TwoTabsRefreshingOneCookieAtOnceOnTwoInstancesKeepTheSessionWithTheWinnersPair()
    {
        var user = await TestUser.SignUpAsync(instances.First);
        HttpClient[] tabs = [instances.First.CreateClient(), instances.Second.CreateClient()];

        var both = await Task.WhenAll(tabs.Select(tab => RefreshAsync(tab, user.RefreshToken)));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized], both.Select(r => r.StatusCode).Order());
        var loser = Array.FindIndex(both, r => r.StatusCode == HttpStatusCode.Unauthorized);
        Assert.Contains("just used", (await both[loser].AssertProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("error").GetString(), StringComparison.Ordinal);
        var session = (await both[1 - loser].AssertOkJsonAsync()).GetProperty("data").GetProperty("session");
        foreach (var instance in new[] { instances.First, instances.Second })
        {
            await (await SessionEndTests.Bearer(instance, session.GetProperty("access_token").GetString()!).GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();
        }

        // The session goes on: the winner's refresh token is traded in turn, on the instance the loser asked.
        await (await RefreshAsync(tabs[loser], session.GetProperty("refresh_token").GetString()!)).AssertOkJsonAsync();
    }

    [Fact]
    public async Task ASessionLoggedOutOnOneInstanceIsNotRefreshedOnTheOther()
    {
        var user = await TestUser.SignUpAsync(instances.First);

        await (await user.Client.PostAsync("/api/v1/auth/logout", null)).AssertOkJsonAsync();

        await (await RefreshAsync(instances.Second.CreateClient(), user.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken) =>
        client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = refreshToken });
}
