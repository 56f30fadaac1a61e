using KissChat.Kernel.Database;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users;

/// <summary>
/// Each change is one conditional UPDATE of the balance (which also locks the row on PostgreSQL until the transaction
/// ends, so changes of one user's coins follow each other) and its ledger row, carrying the balance it left.
/// </summary>
internal sealed class Credits(KissChatDbContext db, CoinMetrics metrics, TimeProvider clock) : ICredits
{
    public async Task<int?> TryChargeAsync(Guid userId, int amount, string reason, Guid chatId, CancellationToken cancellationToken)
    {
        EnsureInTransaction();
        if (amount <= 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var charged = await db.Set<Premium>()
            .Where(p => p.UserId == userId && p.KissCoins >= amount && !(p.IsPremium && (p.PremiumUntil == null || p.PremiumUntil > now)))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.KissCoins, p => p.KissCoins - amount), cancellationToken);
        if (charged == 1)
        {
            await RecordAsync(userId, -amount, reason, chatId, note: null, cancellationToken);
            metrics.Charged(amount);
            return amount;
        }

        var isPremium = await db.Set<Premium>()
            .AnyAsync(p => p.UserId == userId && p.IsPremium && (p.PremiumUntil == null || p.PremiumUntil > now), cancellationToken);
        return isPremium ? 0 : null;
    }

    public async Task RefundAsync(Guid userId, int amount, Guid chatId, CancellationToken cancellationToken)
    {
        EnsureInTransaction();
        var refunded = await db.Set<Premium>().Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.KissCoins, p => p.KissCoins + amount), cancellationToken);
        if (refunded == 1)
        {
            metrics.Refunded(amount);
            await RecordAsync(userId, amount, CoinReasons.Refund, chatId, note: null, cancellationToken);
        }
    }

    public async Task<int?> GrantAsync(Guid userId, int delta, string note, Guid administratorId, CancellationToken cancellationToken)
    {
        EnsureInTransaction();
        var granted = await db.Set<Premium>()
            .Where(p => p.UserId == userId && p.KissCoins + delta >= 0 && p.KissCoins <= ICredits.MaxBalance - delta)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.KissCoins, p => p.KissCoins + delta), cancellationToken);
        return granted == 1 ? await RecordAsync(userId, delta, CoinReasons.Grant, administratorId, note, cancellationToken) : null;
    }

    /// <summary>Adds the ledger row for a change just made; returns the balance it left.</summary>
    private async Task<int> RecordAsync(Guid userId, int delta, string reason, Guid? referenceId, string? note, CancellationToken cancellationToken)
    {
        // Our own UPDATE is visible here, and no other transaction can have changed the row since: it is ours until commit.
        var balance = await db.Set<Premium>().Where(p => p.UserId == userId).Select(p => p.KissCoins).FirstAsync(cancellationToken);
        db.Add(new CoinLedgerEntry
        {
            UserId = userId,
            Delta = delta,
            Balance = balance,
            Reason = reason,
            ReferenceId = referenceId,
            Note = note,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        return balance;
    }

    private void EnsureInTransaction()
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Coins change only inside a write transaction, so the balance and its ledger row are stored together.");
        }
    }
}
