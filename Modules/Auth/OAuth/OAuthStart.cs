using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Authentication;

namespace KissChat.Auth.OAuth;

/// <summary>What login and signup answer for <c>method: "google" | "discord"</c>: where the SPA sends the browser next.</summary>
internal sealed record AuthorizationRedirect(string Provider, string Url);

internal static class OAuthStart
{
    /// <summary>
    /// Runs the provider's challenge (state, PKCE verifier, correlation cookie on this response) and returns its
    /// authorization URL; null when the provider is not configured.
    /// </summary>
    public static async Task<Ok<DataResponse<AuthorizationRedirect>>?> ChallengeAsync(
        string method, HttpContext context, IAuthenticationSchemeProvider schemes)
    {
        var provider = method.ToLowerInvariant();
        if (await schemes.GetSchemeAsync(provider) is null)
        {
            return null;
        }

        await context.ChallengeAsync(provider);
        var url = OAuthSignInEvents.AuthorizationUrl(context)
            ?? throw new InvalidOperationException($"The {provider} challenge produced no authorization URL.");
        return TypedResults.Ok(new DataResponse<AuthorizationRedirect>(new AuthorizationRedirect(provider, url)));
    }
}
