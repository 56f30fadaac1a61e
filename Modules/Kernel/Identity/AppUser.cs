using Microsoft.AspNetCore.Identity;

namespace KissChat.Kernel.Identity;

/// <summary>The account row owned by ASP.NET Identity; every module's data hangs off its id.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public const int BanReasonLength = 500;

    /// <summary>
    /// Set when an administrator banned the account: it can no longer log in or refresh a session, and its access tokens
    /// are refused by the session check. On the account row, because sign-in (Auth) and moderation (Admin) both read it.
    /// </summary>
    public DateTime? BannedAt { get; set; }

    public string? BanReason { get; set; }

    /// <summary>
    /// When the first wrong password of <see cref="IdentityUser{TKey}.AccessFailedCount"/> was given: the count covers
    /// Auth:AccountLockoutWindowMinutes from then, so failures spread thinner than that never lock the owner out.
    /// </summary>
    public DateTime? AccessFailedSince { get; set; }
}
