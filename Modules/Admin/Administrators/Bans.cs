using KissChat.Kernel.Database;
using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Admin.Administrators;

internal enum BanOutcome
{
    Banned,
    NotFound,
    AlreadyBanned,
    Administrator,
}

/// <summary>
/// A ban marks the account row (see <see cref="AppUser.BannedAt"/>): Auth refuses its logins and refreshes, and the
/// session check its access tokens. Its public characters leave the library with it, and its replies under way stop.
/// </summary>
internal sealed class Bans(
    KissChatDbContext db,
    Administrators administrators,
    ISessionCache sessions,
    IEnumerable<IAccountClosing> closings,
    TimeProvider clock)
{
    public const int ReasonLength = AppUser.BanReasonLength;

    /// <summary>Bans the account in the caller's transaction; call <see cref="EndSessionsAndWorkAsync"/> once it is committed.</summary>
    public async Task<BanOutcome> BanAsync(Guid userId, string? reason, CancellationToken cancellationToken)
    {
        if (await administrators.IsAdministratorAsync(userId, cancellationToken))
        {
            return BanOutcome.Administrator;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var banned = await db.Users.Where(u => u.Id == userId && u.BannedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.BannedAt, now).SetProperty(u => u.BanReason, text), cancellationToken);
        if (banned == 1)
        {
            return BanOutcome.Banned;
        }

        return await db.Users.AnyAsync(u => u.Id == userId, cancellationToken) ? BanOutcome.AlreadyBanned : BanOutcome.NotFound;
    }

    /// <summary>
    /// Its access tokens stop working on this instance at once (after the commit, so no request here reads the account
    /// as it was before; other instances notice within Auth:SessionCheckSeconds), and its replies under way stop wherever
    /// they run. A reply another instance starts before it notices runs to its end.
    /// </summary>
    public async Task EndSessionsAndWorkAsync(Guid userId)
    {
        sessions.Forget(userId);
        foreach (var closing in closings)
        {
            // The ban is committed: its replies stop even if the administrator's request is gone.
            await closing.StopWorkAsync(userId, CancellationToken.None);
        }
    }
}
