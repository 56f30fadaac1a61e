using KissChat.Kernel.Database;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users;

internal sealed class Credits(KissChatDbContext db, CoinMetrics metrics) : ICredits
{
    public async Task<int?> TryChargeAsync(Guid userId, int amount, CancellationToken cancellationToken)
    {
        var charged = await db.Set<Premium>()
            .Where(p => p.UserId == userId && !p.IsPremium && p.KissCoins >= amount)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.KissCoins, p => p.KissCoins - amount), cancellationToken);
        if (charged == 1)
        {
            metrics.Charged(amount);
            return amount;
        }

        return await db.Set<Premium>().AnyAsync(p => p.UserId == userId && p.IsPremium, cancellationToken) ? 0 : null;
    }

    public async Task RefundAsync(Guid userId, int amount, CancellationToken cancellationToken)
    {
        if (await db.Set<Premium>().Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.KissCoins, p => p.KissCoins + amount), cancellationToken) == 1)
        {
            metrics.Refunded(amount);
        }
    }
}
