using KissChat.Kernel.Database;
using KissChat.Kernel.Statistics;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users;

internal sealed class UserAdministration(KissChatDbContext db) : IUserAdministration
{
    public async Task<bool> SetPremiumAsync(Guid userId, bool isPremium, DateTime? until, CancellationToken cancellationToken) =>
        await db.Set<Premium>().Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsPremium, isPremium).SetProperty(p => p.PremiumUntil, isPremium ? until : null), cancellationToken) == 1;

    public Task<ActivityCount> CountAccountsAsync(ActivityWindows windows, CancellationToken cancellationToken) =>
        db.Set<Profile>().CountActivityAsync(p => p.CreatedAt, windows, cancellationToken);
}
