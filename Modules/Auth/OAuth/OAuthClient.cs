using System.Security.Claims;
using KissChat.Kernel.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Configuration;

namespace KissChat.Auth.OAuth;

/// <summary>
/// KissChat's registration with one provider: <c>GOOGLE_CLIENT_ID</c>/<c>GOOGLE_CLIENT_SECRET</c> (or
/// <c>OAuth:Google:ClientId</c>/<c>ClientSecret</c>), and optionally <c>OAuth:Google:AuthorizationEndpoint</c>,
/// <c>TokenEndpoint</c> and <c>UserInformationEndpoint</c> to talk to another server (the tests' fake provider).
/// </summary>
internal sealed record OAuthClient(
    OAuthProvider Provider,
    string ClientId,
    string ClientSecret,
    string AuthorizationEndpoint,
    string TokenEndpoint,
    string UserInformationEndpoint)
{
    /// <summary>The client, or null when the provider is not configured (sign-in with it answers 501).</summary>
    public static OAuthClient? From(IConfiguration configuration, OAuthProvider provider)
    {
        var section = configuration.GetSection($"OAuth:{provider.DisplayName}");
        var prefix = provider.Name.ToUpperInvariant();
        var clientId = NonBlank(configuration[$"{prefix}_CLIENT_ID"]) ?? NonBlank(section["ClientId"]);
        var clientSecret = NonBlank(configuration[$"{prefix}_CLIENT_SECRET"]) ?? NonBlank(section["ClientSecret"]);
        if (clientId is null && clientSecret is null)
        {
            return null;
        }

        // Half a configuration is a typo, not a choice: say so at startup rather than answer 501 forever.
        if (clientId is null || clientSecret is null)
        {
            throw new ConfigurationProblem($"{prefix}_CLIENT_ID and {prefix}_CLIENT_SECRET must be set together.");
        }

        return new OAuthClient(
            provider,
            clientId,
            clientSecret,
            NonBlank(section["AuthorizationEndpoint"]) ?? provider.AuthorizationEndpoint,
            NonBlank(section["TokenEndpoint"]) ?? provider.TokenEndpoint,
            NonBlank(section["UserInformationEndpoint"]) ?? provider.UserInformationEndpoint);
    }

    public void Configure(OAuthOptions options)
    {
        options.ClientId = ClientId;
        options.ClientSecret = ClientSecret;
        options.AuthorizationEndpoint = AuthorizationEndpoint;
        options.TokenEndpoint = TokenEndpoint;
        options.UserInformationEndpoint = UserInformationEndpoint;
        options.CallbackPath = Provider.CallbackPath;
        options.UsePkce = true;
        foreach (var scope in Provider.Scopes)
        {
            options.Scope.Add(scope);
        }

        options.ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, Provider.IdKey);
        options.ClaimActions.MapJsonKey(ClaimTypes.Email, "email");
        options.ClaimActions.MapJsonKey(ExternalIdentity.EmailVerifiedClaim, Provider.VerifiedKey);
        options.EventsType = typeof(OAuthSignInEvents);

        // The provider sends the browser back with a top-level GET, which Lax cookies survive; the default
        // (None) would need Secure, which plain-HTTP development installs cannot have.
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
