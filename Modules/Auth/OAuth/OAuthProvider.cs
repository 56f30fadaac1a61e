namespace KissChat.Auth.OAuth;

/// <summary>
/// A provider KissChat can sign people in with: its public endpoints, the scopes that reveal an email, and where
/// its user-info answer keeps the account id and the email's verified flag.
/// </summary>
internal sealed record OAuthProvider(
    string Name,
    string DisplayName,
    string AuthorizationEndpoint,
    string TokenEndpoint,
    string UserInformationEndpoint,
    string[] Scopes,
    string IdKey,
    string VerifiedKey)
{
    public static readonly OAuthProvider Google = new(
        "google",
        "Google",
        "https://accounts.google.com/o/oauth2/v2/auth",
        "https://oauth2.googleapis.com/token",
        "https://openidconnect.googleapis.com/v1/userinfo",
        ["openid", "email", "profile"],
        IdKey: "sub",
        VerifiedKey: "email_verified");

    public static readonly OAuthProvider Discord = new(
        "discord",
        "Discord",
        "https://discord.com/oauth2/authorize",
        "https://discord.com/api/oauth2/token",
        "https://discord.com/api/users/@me",
        ["identify", "email"],
        IdKey: "id",
        VerifiedKey: "verified");

    public static readonly IReadOnlyList<OAuthProvider> All = [Google, Discord];

    /// <summary>The redirect URI to register with the provider, relative to the API's origin.</summary>
    public string CallbackPath => $"{AuthModule.RoutePrefix}/callback/{Name}";
}
