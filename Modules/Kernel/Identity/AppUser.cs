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
    /// When the first wrong password of <see cref="IdentityUser{TKey}.AccessFailedCount"/> was given: the count's run lasts
    /// Auth:AccountLockoutWindowMinutes from then. With the three below, what sign-in needs to hold the account's limit over
    /// any such window (Auth's FailureTally), so failures spread thinner than that never lock the owner out.
    /// </summary>
    public DateTime? AccessFailedSince { get; set; }

    /// <summary>When the last wrong password of <see cref="IdentityUser{TKey}.AccessFailedCount"/> was given.</summary>
    public DateTime? AccessFailedLast { get; set; }

    /// <summary>The wrong passwords of the run before the count's, which still count until a window after the last of them.</summary>
    public int AccessFailedBefore { get; set; }

    /// <summary>When the last of <see cref="AccessFailedBefore"/> was given.</summary>
    public DateTime? AccessFailedBeforeLast { get; set; }
}
