using System.Net;
using System.Net.Http.Json;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace KissChat.Tests.Auth;

/// <summary>
/// One browser signing in with a provider. Redirects are followed by hand, so every hop can be looked at:
/// KissChat answers the authorization URL, the fake provider sends the browser back, the callback lands on the frontend.
/// </summary>
public sealed class OAuthBrowser
{
    private readonly OAuthServer server;

    public OAuthBrowser(OAuthServer server)
    {
        this.server = server;
        Client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = server.BaseAddress,
        };
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Client { get; }

    public bool HasSession => Cookies.GetAllCookies().Any(c => c.Name is "access_token" or "refresh_token");

    /// <summary>What the SPA does on "Continue with Google": asks KissChat where to send the browser.</summary>
    public async Task<Uri> StartAsync(string provider, string endpoint = "login")
    {
        var response = await Client.PostAsJsonAsync($"/api/v1/auth/{endpoint}", new { method = provider });
        var data = (await response.AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(provider, data.GetProperty("provider").GetString());
        return new Uri(data.GetProperty("url").GetString()!);
    }

    /// <summary>At the provider, <paramref name="account"/> answers the consent screen; returns where the provider sends the browser.</summary>
    public async Task<Uri> AuthorizeAsync(Uri authorizationUrl, OAuthAccount account)
    {
        var response = await Client.GetAsync(QueryHelpers.AddQueryString(authorizationUrl.ToString(), "login_hint", server.Provider.SignIn(account)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    public Task<HttpResponseMessage> ReturnAsync(Uri callback) => Client.GetAsync(callback);

    public async Task<HttpResponseMessage> SignInAsync(string provider, OAuthAccount account) =>
        await ReturnAsync(await AuthorizeAsync(await StartAsync(provider), account));

    public async Task<Guid> MyIdAsync() =>
        (await (await Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data").GetProperty("user_id").GetGuid();
}
