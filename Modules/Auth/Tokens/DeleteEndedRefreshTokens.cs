using KissChat.Auth.Data;
using Coravel.Invocable;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Auth.Tokens;

/// <summary>
/// Once a day, refresh tokens that can no longer do anything go: expired ones, and revoked ones a day after their
/// session ended (long enough for a stolen copy presented late to find its family revoked rather than unknown, both
/// of which it is refused for). Rotated tokens stay until they expire: presenting one is how theft is noticed.
/// </summary>
internal sealed class DeleteEndedRefreshTokens(KissChatDbContext db, TimeProvider clock) : IInvocable
{
    public static readonly TimeSpan KeepRevoked = TimeSpan.FromDays(1);

    public Task Invoke()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var revokedBefore = now - KeepRevoked;
        return db.Set<RefreshToken>().Where(t => t.ExpiresAt <= now || t.RevokedAt <= revokedBefore).ExecuteDeleteAsync();
    }
}
