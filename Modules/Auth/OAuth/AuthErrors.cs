namespace KissChat.Auth.OAuth;

/// <summary>The <c>auth_error</c> codes the frontend may find on its URL after a failed Google or Discord sign-in.</summary>
internal static class AuthErrors
{
    /// <summary>The user declined on the provider's consent screen.</summary>
    public const string AccessDenied = "access_denied";

    /// <summary>The callback's state was missing or tampered with.</summary>
    public const string InvalidState = "invalid_state";

    /// <summary>The provider has not verified the account's email, so it can neither open nor join a KissChat account.</summary>
    public const string EmailNotVerified = "email_not_verified";

    /// <summary>The provider shared no email address.</summary>
    public const string EmailMissing = "email_missing";

    /// <summary>Another sign-in claimed this email or provider account at the same moment; trying again works.</summary>
    public const string AccountConflict = "account_conflict";

    /// <summary>The account was banned by an administrator.</summary>
    public const string AccountBanned = "account_banned";

    /// <summary>The provider is not configured on this server.</summary>
    public const string ProviderUnavailable = "provider_unavailable";

    /// <summary>Anything else: a callback from another browser or used twice, or the provider refused the code or the token.</summary>
    public const string Failed = "oauth_failed";
}
