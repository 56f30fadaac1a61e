using KissChat.Auth.Data;
using System.Security.Cryptography;
using System.Text;
using KissChat.Kernel.Database;
using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Auth.Tokens;

/// <summary>Refresh tokens, and the sessions they make: a family of tokens is one session, its id the access tokens' session id.</summary>
internal sealed class RefreshTokens(KissChatDbContext db, AuthSettings settings, ISessionCache sessionCache, TimeProvider clock)
{
    public async Task<IssuedToken> IssueAsync(Guid userId, Guid familyId, CancellationToken cancellationToken)
    {
        var raw = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var expires = now + settings.RefreshTokenLifetime;
        db.Add(new RefreshToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            FamilyId = familyId,
            TokenHash = Hash(raw),
            CreatedAt = now.UtcDateTime,
            ExpiresAt = expires.UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedToken(raw, expires);
    }

    /// <summary>
    /// Trades a refresh token for a new one in the same family. A token already rotated away is treated as stolen and
    /// its whole family revoked, unless the rotation happened moments ago (<c>Auth:RefreshReuseGraceSeconds</c>):
    /// parallel requests of one tab, or two tabs, race on the same cookie, and logging the user out for that would be
    /// wrong. Such a late one is told <see cref="RotationOutcome.AlreadyRotated"/> and gets no token of its own.
    /// </summary>
    public async Task<Rotation> RotateAsync(string raw, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Hash(raw);
        var found = await (
                from t in db.Set<RefreshToken>().AsNoTracking()
                join u in db.Users on t.UserId equals u.Id
                where t.TokenHash == hash
                select new { Token = t, Banned = u.BannedAt != null })
            .FirstOrDefaultAsync(cancellationToken);
        var token = found?.Token;
        // A banned account's sessions end: its refresh tokens stay, and are refused.
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now || found!.Banned)
        {
            return Rotation.Rejected;
        }

        var claimed = token.RotatedAt is null && await db.Set<RefreshToken>()
            .Where(t => t.Id == token.Id && t.RotatedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RotatedAt, now), cancellationToken) == 1;
        if (!claimed)
        {
            var rotatedAt = token.RotatedAt ?? now;
            if (now - rotatedAt < settings.RefreshReuseGrace)
            {
                return new Rotation(RotationOutcome.AlreadyRotated, token.UserId, token.FamilyId, null);
            }

            await RevokeFamilyAsync(token.UserId, token.FamilyId, cancellationToken);
            return Rotation.Rejected;
        }

        var next = await IssueAsync(token.UserId, token.FamilyId, cancellationToken);
        return new Rotation(RotationOutcome.Rotated, token.UserId, token.FamilyId, next);
    }

    /// <summary>Ends the session the token belongs to (logout); unknown tokens are ignored.</summary>
    public async Task RevokeAsync(string raw, CancellationToken cancellationToken)
    {
        var hash = Hash(raw);
        var session = await db.Set<RefreshToken>().Where(t => t.TokenHash == hash).Select(t => new { t.UserId, t.FamilyId })
            .FirstOrDefaultAsync(cancellationToken);
        if (session is not null)
        {
            await RevokeFamilyAsync(session.UserId, session.FamilyId, cancellationToken);
        }
    }

    /// <summary>Ends every session of the user (all token families).</summary>
    public async Task RevokeAllAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<RefreshToken>().Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        sessionCache.Forget(userId);
    }

    private async Task RevokeFamilyAsync(Guid userId, Guid familyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<RefreshToken>().Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        sessionCache.Forget(userId);
    }

    private static string Hash(string raw) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal enum RotationOutcome
{
    Rejected,
    Rotated,
    AlreadyRotated,
}

internal sealed record Rotation(RotationOutcome Outcome, Guid UserId, Guid SessionId, IssuedToken? Next)
{
    public static readonly Rotation Rejected = new(RotationOutcome.Rejected, Guid.Empty, Guid.Empty, null);
}
