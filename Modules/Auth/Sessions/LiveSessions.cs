using KissChat.Auth.Accounts;
using KissChat.Auth.Data;
using KissChat.Auth.Tokens;
using KissChat.Kernel.Database;
using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Auth.Sessions;

/// <summary>
/// Whether the session an access token belongs to is still live: its account exists with the same security stamp and is
/// not banned, and its refresh-token family (the token's session id) is not revoked. One query answers it for every session of an
/// account, and the answer is kept for Auth:SessionCheckSeconds, so a steady stream of requests costs about one query
/// per account and interval. Ending sessions (or banning the account) on this instance forgets the account's answer at once; other instances
/// keep theirs until it is that old. The query has a scope of its own: the request it answers for may be a stream that
/// stays open for minutes, and should not keep a context leased all that time.
/// </summary>
internal sealed class LiveSessions(AuthSettings settings, IServiceScopeFactory scopes, TimeProvider clock) : ISessionCache, IClosedAccounts, IDisposable
{
    /// <summary>How long a watch for a closed account waits between reads when answers are not kept (<c>Auth:SessionCheckSeconds</c> 0), or a kept one is about to go.</summary>
    private static readonly TimeSpan LeastWatchWait = TimeSpan.FromSeconds(1);

    private readonly MemoryCache accounts = new(new MemoryCacheOptions());

    /// <summary>Why the token's session is not accepted any more, or null while it is live.</summary>
    public async Task<string?> RefusalAsync(AccessSession session, CancellationToken cancellationToken)
    {
        var account = accounts.Get<AccountSessions>(session.UserId);
        // A session that started after the answer was read is missing from it, so read again; a token of a session
        // that had ended by then is refused from the kept answer.
        if (account is null || (!account.Live.Contains(session.SessionId) && account.ReadAt < session.IssuedAt + AccessTokens.ClockSkew))
        {
            account = await ReadAndKeepAsync(session.UserId, cancellationToken);
        }

        if (account.StampFingerprint is null)
        {
            return AccountGone.Message;
        }

        if (account.Banned)
        {
            return Banned.Message;
        }

        return account.Live.Contains(session.SessionId) && account.StampFingerprint == session.StampFingerprint
            ? null
            : "This session has ended; log in again.";
    }

    public void Forget(Guid userId) => accounts.Remove(userId);

    /// <summary>
    /// Looks at the account's kept answer again each time it is due to be read anew: the requests of the account's other
    /// sessions keep the same answer, so a watch adds no read to theirs.
    /// </summary>
    public async Task WhenClosedAsync(Guid userId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = LeastWatchWait;
            try
            {
                var account = accounts.Get<AccountSessions>(userId) ?? await ReadAndKeepAsync(userId, cancellationToken);
                if (account.StampFingerprint is null || account.Banned)
                {
                    return;
                }

                var due = account.ReadAt + settings.SessionCheckInterval - clock.GetUtcNow();
                wait = due > wait ? due : wait;
            }
            catch (Exception exception) when (DatabaseUnavailable.Is(exception))
            {
                // Tried again after the wait: the work it watches goes on meanwhile.
            }

            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    public void Dispose() => accounts.Dispose();

    private async Task<AccountSessions> ReadAndKeepAsync(Guid userId, CancellationToken cancellationToken)
    {
        var account = await scopes.WithDatabaseAsync(db => ReadAsync(userId, db, cancellationToken));
        if (settings.SessionCheckInterval > TimeSpan.Zero)
        {
            accounts.Set(userId, account, settings.SessionCheckInterval);
        }

        return account;
    }

    private async Task<AccountSessions> ReadAsync(Guid userId, KissChatDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await (
                from user in db.Users.Where(u => u.Id == userId)
                from token in db.Set<RefreshToken>().Where(t => t.UserId == user.Id && t.RevokedAt == null && t.ExpiresAt > now.UtcDateTime).DefaultIfEmpty()
                select new { user.SecurityStamp, user.BannedAt, SessionId = (Guid?)token!.FamilyId })
            .Distinct()
            .ToListAsync(cancellationToken);
        return new AccountSessions(
            rows.Count == 0 ? null : AccessTokens.StampFingerprint(rows[0].SecurityStamp),
            rows.Any(r => r.BannedAt is not null),
            rows.Where(r => r.SessionId is not null).Select(r => r.SessionId!.Value).ToHashSet(),
            now);
    }

    /// <param name="StampFingerprint">Null when the account no longer exists.</param>
    private sealed record AccountSessions(string? StampFingerprint, bool Banned, IReadOnlySet<Guid> Live, DateTimeOffset ReadAt);
}
