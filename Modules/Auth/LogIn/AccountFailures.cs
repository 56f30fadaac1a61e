using KissChat.Kernel.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KissChat.Auth.LogIn;

/// <summary>
/// An account's wrong passwords, which lock it for Auth:LockoutMinutes at Auth:AccountLockoutFailures within any
/// Auth:AccountLockoutWindowMinutes (see <see cref="FailureTally"/>). Otherwise failures never expire (Identity's count),
/// and guessing spread over weeks, or the owner's own slips, adds up to a lockout of the owner. Kept on the account row
/// with Identity's count, shared by every instance.
/// </summary>
internal sealed class AccountFailures(UserManager<AppUser> users, IOptions<IdentityOptions> identity, TimeSpan window, TimeProvider clock)
{
    /// <summary>Counts a wrong password for <paramref name="user"/>, and locks the account if that makes the limit.</summary>
    public async Task CountAsync(AppUser user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lockout = identity.Value.Lockout;
        var (tally, locks) = FailureTally.FromStored(
                user.AccessFailedCount, user.AccessFailedSince, user.AccessFailedLast, user.AccessFailedBefore, user.AccessFailedBeforeLast)
            .Fail(now, window, lockout.MaxFailedAccessAttempts);
        if (locks)
        {
            user.LockoutEnd = now + lockout.DefaultLockoutTimeSpan;
        }

        (user.AccessFailedCount, user.AccessFailedSince, user.AccessFailedLast, user.AccessFailedBefore, user.AccessFailedBeforeLast) = tally.Stored();
        // Identity's own update of the account, as its count of a failure makes.
        await users.UpdateAsync(user);
    }
}
