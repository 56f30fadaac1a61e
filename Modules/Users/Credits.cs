using KissChat.Kernel.Database;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users;

internal sealed class Credits(KissChatDbContext db) : ICredits
{
    public async Task<int?> TryChargeAsync(Guid userId, int amount, CancellationToken cancellationToken)
    {
        var charged = await db.Set<Premium>()
            .Where(p => p.UserId == userId && !p.IsPremium && p.KissCoins >= amount)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.KissCoins, p => p.KissCoins - amount), cancellationToken);
        if (charged == 1)
        {
            return amount;
        }

        return await db.Set<Premium>().AnyAsync(p => p.UserId == userId && p.IsPremium, cancellationToken) ? 0 : null;
    }

    public Task RefundAsync(Guid userId, int amount, CancellationToken cancellationToken) =>
        db.Set<Premium>().Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.KissCoins, p => p.KissCoins + amount), cancellationToken);
}
