using KissChat.Kernel.Database;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users;

internal static class ProfileQuery
{
    public static Task<UserProfileView?> FindAsync(KissChatDbContext db, Guid userId, CancellationToken cancellationToken) =>
        (from profile in db.Set<Profile>()
         join premium in db.Set<Premium>() on profile.UserId equals premium.UserId
         where profile.UserId == userId
         select new UserProfileView(
             profile.UserId,
             profile.Email,
             profile.Username,
             profile.AvatarUrl,
             profile.Status,
             profile.CreatedAt,
             profile.LastLogin,
             new PremiumView(premium.IsPremium, premium.ImageCredits, premium.KissCoins)))
        .AsNoTracking()
        .FirstOrDefaultAsync(cancellationToken);
}
