using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace KissChat.Tests.Fakes;

/// <summary>
/// A fake Google and Discord on 127.0.0.1 with an ephemeral port, as strict as the real ones.
/// <c>GET /{provider}/authorize</c> sends the browser back to <c>redirect_uri</c> with a code and the state, or with
/// <c>error=access_denied</c> when the account denies consent; <c>login_hint</c> names the account, standing in for
/// the provider's account picker (see <see cref="SignIn"/>). <c>POST /{provider}/token</c> wants the client secret,
/// the same <c>redirect_uri</c> and the PKCE verifier of the S256 challenge, and redeems each code once.
/// <c>GET /{provider}/userinfo</c> answers in that provider's shape.
/// </summary>
public sealed class OAuthFakeProvider : IAsyncDisposable
{
    public const string ClientSecret = "fake-client-secret";
    public static readonly string[] Providers = ["google", "discord"];

    private readonly ConcurrentDictionary<string, OAuthAccount> accounts = new();
    private readonly ConcurrentDictionary<string, Grant> codes = new();
    private readonly ConcurrentDictionary<string, Grant> accessTokens = new();
    private readonly ConcurrentQueue<string> refusals = new();
    private WebApplication? app;

    private OAuthFakeProvider()
    {
    }

    public string BaseUrl { get; private set; } = null!;

    /// <summary>The OAuth error of every token request refused so far.</summary>
    public IReadOnlyList<string> RefusedTokenRequests => [.. refusals];

    public static string ClientId(string provider) => $"{provider}-client-id";

    public static async Task<OAuthFakeProvider> StartAsync()
    {
        var provider = new OAuthFakeProvider();
        var (app, address) = await LoopbackHost.StartAsync(app =>
        {
            app.MapGet("/{provider}/authorize", provider.Authorize);
            app.MapPost("/{provider}/token", provider.TokenAsync);
            app.MapGet("/{provider}/userinfo", provider.UserInfoAsync);
        });
        provider.BaseUrl = address;
        provider.app = app;
        return provider;
    }

    /// <summary>KissChat's configuration for both providers, pointed at this server.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings() => Providers.SelectMany(provider => new Dictionary<string, string?>
    {
        [$"{provider.ToUpperInvariant()}_CLIENT_ID"] = ClientId(provider),
        [$"{provider.ToUpperInvariant()}_CLIENT_SECRET"] = ClientSecret,
        [$"OAuth:{provider}:AuthorizationEndpoint"] = $"{BaseUrl}/{provider}/authorize",
        [$"OAuth:{provider}:TokenEndpoint"] = $"{BaseUrl}/{provider}/token",
        [$"OAuth:{provider}:UserInformationEndpoint"] = $"{BaseUrl}/{provider}/userinfo",
    });

    /// <summary>Signs <paramref name="account"/> in at the provider: the <c>login_hint</c> that makes it the one who consents.</summary>
    public string SignIn(OAuthAccount account)
    {
        var hint = Guid.NewGuid().ToString("N");
        accounts[hint] = account;
        return hint;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private void Authorize(HttpContext context)
    {
        var provider = Provider(context);
        var query = context.Request.Query;
        var redirectUri = query["redirect_uri"].ToString();
        if (query["client_id"] != ClientId(provider) || query["response_type"] != "code" || query["code_challenge_method"] != "S256"
            || string.IsNullOrEmpty(query["code_challenge"]) || string.IsNullOrEmpty(query["state"]) || string.IsNullOrEmpty(redirectUri)
            || !accounts.TryGetValue(query["login_hint"].ToString(), out var account))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var answer = new Dictionary<string, string?> { ["state"] = query["state"] };
        if (account.DeniesConsent)
        {
            answer["error"] = "access_denied";
        }
        else
        {
            var code = NewSecret();
            codes[code] = new Grant(provider, redirectUri, query["code_challenge"].ToString(), account);
            answer["code"] = code;
        }

        context.Response.Redirect(QueryHelpers.AddQueryString(redirectUri, answer));
    }

    private async Task TokenAsync(HttpContext context)
    {
        var provider = Provider(context);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);

        // Removed before anything else is checked: a code is spent by its first redemption, good or bad.
        var grant = codes.TryRemove(form["code"].ToString(), out var found) ? found : null;
        var error = form["grant_type"] != "authorization_code" ? "unsupported_grant_type"
            : form["client_id"] != ClientId(provider) || form["client_secret"] != ClientSecret ? "invalid_client"
            : grant is null || grant.Provider != provider || grant.RedirectUri != form["redirect_uri"] ? "invalid_grant"
            : S256(form["code_verifier"].ToString()) != grant.CodeChallenge ? "invalid_grant"
            : null;
        if (error is not null)
        {
            refusals.Enqueue(error);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = error }, context.RequestAborted);
            return;
        }

        var accessToken = NewSecret();
        accessTokens[accessToken] = grant!;
        await context.Response.WriteAsJsonAsync(
            new Dictionary<string, object> { ["access_token"] = accessToken, ["token_type"] = "Bearer", ["expires_in"] = 3600 },
            context.RequestAborted);
    }

    private async Task UserInfoAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !accessTokens.TryGetValue(header[7..], out var grant)
            || grant.Provider != Provider(context))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var account = grant.Account;
        var profile = grant.Provider == "google"
            ? new Dictionary<string, object?> { ["sub"] = account.Id, ["name"] = "Google User" }
            : new Dictionary<string, object?> { ["id"] = account.Id, ["username"] = "discord_user", ["email"] = account.Email, ["verified"] = account.EmailVerified };
        if (grant.Provider == "google" && account.Email is not null)
        {
            // Google leaves both out when it has no email to share.
            profile["email"] = account.Email;
            profile["email_verified"] = account.EmailVerified;
        }

        await context.Response.WriteAsJsonAsync(profile, context.RequestAborted);
    }

    private static string Provider(HttpContext context) => (string)context.Request.RouteValues["provider"]!;

    private static string S256(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    private sealed record Grant(string Provider, string RedirectUri, string CodeChallenge, OAuthAccount Account);
}
