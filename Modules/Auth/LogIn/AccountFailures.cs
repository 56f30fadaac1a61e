using KissChat.Kernel.Identity;
using Microsoft.AspNetCore.Identity;

namespace KissChat.Auth.LogIn;

/// <summary>
/// Identity's count of an account's wrong passwords, which locks the account at Auth:AccountLockoutFailures, made to
/// cover Auth:AccountLockoutWindowMinutes from its first failure: a failure after that starts a new count. Otherwise
/// failures never expire, and guessing spread over weeks (or the owner's own slips) adds up to a lockout of the owner.
/// The count and its start are on the account row, shared by every instance.
/// </summary>
internal sealed class AccountFailures(UserManager<AppUser> users, TimeSpan window, TimeProvider clock)
{
    /// <summary>Counts a wrong password for <paramref name="user"/>; at the limit Identity locks the account.</summary>
    public async Task CountAsync(AppUser user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (user.AccessFailedCount == 0 || user.AccessFailedSince is not { } since || since <= now - window)
        {
            // Saved with the count, in the one update Identity makes of the account.
            user.AccessFailedCount = 0;
            user.AccessFailedSince = now;
        }

        await users.AccessFailedAsync(user);
    }
}
