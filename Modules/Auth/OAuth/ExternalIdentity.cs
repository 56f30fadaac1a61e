using System.Security.Claims;

namespace KissChat.Auth.OAuth;

/// <summary>Who the provider says signed in: its stable account id, and the email with whether the provider verified it.</summary>
internal sealed record ExternalIdentity(string Provider, string ProviderDisplayName, string Key, string? Email, bool EmailVerified)
{
    public const string EmailVerifiedClaim = "email_verified";

    /// <summary>Null when the provider's answer had no account id.</summary>
    public static ExternalIdentity? From(string provider, string? displayName, ClaimsPrincipal? principal)
    {
        if (principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value is not { Length: > 0 } key)
        {
            return null;
        }

        var email = principal.FindFirst(ClaimTypes.Email)?.Value.Trim().ToLowerInvariant();
        var verified = bool.TryParse(principal.FindFirst(EmailVerifiedClaim)?.Value, out var flag) && flag;
        return new ExternalIdentity(provider, displayName ?? provider, key, string.IsNullOrEmpty(email) ? null : email, verified);
    }
}
