using Coravel.Invocable;
using KissChat.Auth.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Auth.LogIn;

/// <summary>
/// Once an hour, unknown emails' counts go once nothing in them can matter: their last failure a window ago (see
/// <see cref="FailureTally"/>) and their lock over. So the table holds only emails guessed at lately, however many.
/// </summary>
internal sealed class DeleteEndedUnknownEmailFailures(KissChatDbContext db, AccountLockoutWindow window, TimeProvider clock) : IInvocable
{
    public Task Invoke()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var windowStart = now - window.Length;
        return db.Set<UnknownEmailFailures>()
            .Where(f => (f.LastFailure == null || f.LastFailure <= windowStart) && (f.LockedUntil == null || f.LockedUntil <= now))
            .ExecuteDeleteAsync();
    }
}

/// <summary>Auth:AccountLockoutWindowMinutes: the stretch within which an account's (or unknown email's) failures add up.</summary>
internal sealed record AccountLockoutWindow(TimeSpan Length);
