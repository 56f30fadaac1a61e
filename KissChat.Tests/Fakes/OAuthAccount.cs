namespace KissChat.Tests.Fakes;

/// <summary>A person's account at the fake provider: what its user-info endpoint says about them, and whether they consent.</summary>
public sealed record OAuthAccount(string Id, string? Email, bool EmailVerified, bool DeniesConsent = false)
{
    public static OAuthAccount Verified(string email) => new(NewId(), email, EmailVerified: true);

    public static OAuthAccount Unverified(string email) => new(NewId(), email, EmailVerified: false);

    public static OAuthAccount WithoutEmail() => new(NewId(), null, EmailVerified: false);

    public static string NewEmail() => $"oauth-{Guid.NewGuid():N}@example.com";

    private static string NewId() => Random.Shared.NextInt64(1, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
