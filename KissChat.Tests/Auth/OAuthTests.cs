using System.Net;
using System.Net.Http.Json;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace KissChat.Tests.Auth;

public abstract class OAuthTests(OAuthServer server)
{
    public static TheoryData<string> Providers => ["google", "discord"];

    [Theory]
    [InlineData("google", "login", "openid email profile")]
    [InlineData("discord", "signup", "identify email")]
    public async Task LogInAndSignUpAnswerTheAuthorizationUrlAndSetTheCorrelationCookie(string provider, string endpoint, string scopes)
    {
        var client = new OAuthBrowser(server).Client;

        var response = await client.PostAsJsonAsync($"/api/v1/auth/{endpoint}", new { method = provider.ToUpperInvariant() });

        var data = (await response.AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(provider, data.GetProperty("provider").GetString());
        var url = new Uri(data.GetProperty("url").GetString()!);
        Assert.StartsWith($"{server.Provider.BaseUrl}/{provider}/authorize?", url.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.Equal(OAuthFakeProvider.ClientId(provider), query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(new Uri(server.BaseAddress, $"/api/v1/auth/callback/{provider}").ToString(), query["redirect_uri"]);
        Assert.Equal(scopes.Split(' ').Order(), query["scope"].ToString().Split(' ').Order());
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.False(string.IsNullOrEmpty(query["state"]));
        var cookies = SetCookies(response);
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal)
            && c.Contains($"path=/api/v1/auth/callback/{provider}", StringComparison.OrdinalIgnoreCase)
            && c.Contains("httponly", StringComparison.OrdinalIgnoreCase)
            && c.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(cookies, IsSessionCookie);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AFirstSignInOpensAnAccountWithTheSeedDefaultsAndSetsTheSessionCookies(string provider)
    {
        var browser = new OAuthBrowser(server);
        var email = OAuthAccount.NewEmail();

        var response = await browser.SignInAsync(provider, OAuthAccount.Verified(email));

        AssertLandsOnFrontend(response, error: null);
        var cookies = SetCookies(response);
        Assert.Contains(cookies, c => c.StartsWith("access_token=eyJ", StringComparison.Ordinal)
            && c.Contains("httponly", StringComparison.OrdinalIgnoreCase) && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(cookies, c => c.StartsWith("refresh_token=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        var me = (await (await browser.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal(email.Split('@')[0], me.GetProperty("username").GetString());
        Assert.False(me.GetProperty("premium").GetProperty("is_premium").GetBoolean());
        Assert.Equal(2, me.GetProperty("premium").GetProperty("image_credits").GetInt32());
        Assert.Equal(50, me.GetProperty("premium").GetProperty("kiss_coins").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AReturningUserIsFoundByTheProvidersAccountIdEvenAfterChangingTheirEmail(string provider)
    {
        var account = OAuthAccount.Verified(OAuthAccount.NewEmail());
        var first = new OAuthBrowser(server);
        AssertLandsOnFrontend(await first.SignInAsync(provider, account), error: null);
        var second = new OAuthBrowser(server);

        var response = await second.SignInAsync(provider, account with { Email = OAuthAccount.NewEmail(), EmailVerified = false });

        AssertLandsOnFrontend(response, error: null);
        Assert.Equal(await first.MyIdAsync(), await second.MyIdAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AVerifiedEmailJoinsTheExistingAccountAndEndsItsUnprovenPasswordAndSessions(string provider)
    {
        // Whoever registered this address with a password never proved they own it: maybe an attacker, in advance.
        var squatter = await TestUser.SignUpAsync(server);
        var account = OAuthAccount.Verified(squatter.Email.ToUpperInvariant());
        var browser = new OAuthBrowser(server);

        AssertLandsOnFrontend(await browser.SignInAsync(provider, account), error: null);

        Assert.Equal(squatter.Id, await browser.MyIdAsync());
        var again = new OAuthBrowser(server);
        AssertLandsOnFrontend(await again.SignInAsync(provider, account), error: null);
        Assert.Equal(squatter.Id, await again.MyIdAsync());
        var login = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = squatter.Email, password = squatter.Password, method = "email" });
        await login.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var refresh = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = squatter.RefreshToken });
        await refresh.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var stillHolding = new HttpClient { BaseAddress = server.BaseAddress };
        stillHolding.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", squatter.AccessToken);
        var me = await (await stillHolding.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("This session has ended; log in again.", me.GetProperty("error").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnUnverifiedEmailNeverJoinsTheAccountThatHasIt(string provider)
    {
        var user = await TestUser.SignUpAsync(server);
        var account = OAuthAccount.Unverified(user.Email);

        // Twice: had the first attempt linked the provider account, the second would be let in by its id.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var browser = new OAuthBrowser(server);
            var response = await browser.SignInAsync(provider, account);

            AssertLandsOnFrontend(response, "email_not_verified");
            AssertNoSession(browser, response);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnUnverifiedEmailOpensNoAccount(string provider)
    {
        var email = OAuthAccount.NewEmail();
        var browser = new OAuthBrowser(server);

        var response = await browser.SignInAsync(provider, OAuthAccount.Unverified(email));

        AssertLandsOnFrontend(response, "email_not_verified");
        AssertNoSession(browser, response);
        var signup = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/signup", new { email, password = TestUser.DefaultPassword, method = "email" });
        Assert.Equal(HttpStatusCode.Created, signup.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnAccountWithoutAnEmailIsRefused(string provider)
    {
        var browser = new OAuthBrowser(server);

        var response = await browser.SignInAsync(provider, OAuthAccount.WithoutEmail());

        AssertLandsOnFrontend(response, "email_missing");
        AssertNoSession(browser, response);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DeniedConsentLandsOnTheFrontendWithAccessDenied(string provider)
    {
        var browser = new OAuthBrowser(server);

        var response = await browser.SignInAsync(provider, OAuthAccount.Verified(OAuthAccount.NewEmail()) with { DeniesConsent = true });

        AssertLandsOnFrontend(response, "access_denied");
        AssertNoSession(browser, response);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AForgedStateIsRefused(string provider)
    {
        var browser = new OAuthBrowser(server);
        var callback = await browser.AuthorizeAsync(await browser.StartAsync(provider), OAuthAccount.Verified(OAuthAccount.NewEmail()));
        var query = QueryHelpers.ParseQuery(callback.Query);
        var forged = QueryHelpers.AddQueryString(callback.GetLeftPart(UriPartial.Path), new Dictionary<string, string?>
        {
            ["code"] = query["code"],
            ["state"] = "forged" + query["state"],
        });

        var response = await browser.ReturnAsync(new Uri(forged));

        AssertLandsOnFrontend(response, "invalid_state");
        AssertNoSession(browser, response);
    }

    [Fact]
    public async Task ACallbackStartedInAnotherBrowserIsRefused()
    {
        var attacker = new OAuthBrowser(server);
        var callback = await attacker.AuthorizeAsync(await attacker.StartAsync("google"), OAuthAccount.Verified(OAuthAccount.NewEmail()));
        var victim = new OAuthBrowser(server);

        var response = await victim.ReturnAsync(callback);

        AssertLandsOnFrontend(response, "oauth_failed");
        AssertNoSession(victim, response);
    }

    [Fact]
    public async Task ReplayingTheCallbackStartsNoSecondSession()
    {
        var browser = new OAuthBrowser(server);
        var callback = await browser.AuthorizeAsync(await browser.StartAsync("discord"), OAuthAccount.Verified(OAuthAccount.NewEmail()));
        AssertLandsOnFrontend(await browser.ReturnAsync(callback), error: null);

        var replay = await browser.ReturnAsync(callback);

        AssertLandsOnFrontend(replay, "oauth_failed");
        Assert.DoesNotContain(SetCookies(replay), IsSessionCookie);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheProviderRedeemsACodeOnlyOnce(string provider)
    {
        var browser = new OAuthBrowser(server);
        var callback = await browser.AuthorizeAsync(await browser.StartAsync(provider), OAuthAccount.Verified(OAuthAccount.NewEmail()));
        var attacker = new OAuthBrowser(server);
        attacker.Cookies.Add(browser.Cookies.GetCookies(callback));
        AssertLandsOnFrontend(await browser.ReturnAsync(callback), error: null);
        var refusedBefore = server.Provider.RefusedTokenRequests.Count;

        // The attacker has the callback URL and the correlation cookie: only the spent code stands in the way.
        var response = await attacker.ReturnAsync(callback);

        AssertLandsOnFrontend(response, "oauth_failed");
        AssertNoSession(attacker, response);
        Assert.Equal(["invalid_grant"], server.Provider.RefusedTokenRequests.Skip(refusedBefore));
    }

    private static void AssertLandsOnFrontend(HttpResponseMessage response, string? error)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var expected = error is null ? OAuthServer.FrontendUrl : $"{OAuthServer.FrontendUrl}?auth_error={error}";
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    private static void AssertNoSession(OAuthBrowser browser, HttpResponseMessage response)
    {
        Assert.DoesNotContain(SetCookies(response), IsSessionCookie);
        Assert.False(browser.HasSession);
    }

    private static List<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    private static bool IsSessionCookie(string setCookie) =>
        setCookie.StartsWith("access_token=", StringComparison.Ordinal) || setCookie.StartsWith("refresh_token=", StringComparison.Ordinal);
}

public sealed class OAuthTestsOnSqlite(SqliteOAuthServer server) : OAuthTests(server), IClassFixture<SqliteOAuthServer>;

public sealed class OAuthTestsOnPostgres(PostgresOAuthServer server) : OAuthTests(server), IClassFixture<PostgresOAuthServer>;
