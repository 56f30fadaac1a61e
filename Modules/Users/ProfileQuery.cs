using KissChat.Kernel.Database;
using KissChat.Users.Contracts;
using KissChat.Users.Data;

namespace KissChat.Users;

internal static class ProfileQuery
{
    public static IQueryable<UserProfileView> Views(KissChatDbContext db) =>
        from profile in db.Set<Profile>()
        join premium in db.Set<Premium>() on profile.UserId equals premium.UserId
        select new UserProfileView(
            profile.UserId,
            profile.Email,
            profile.Username,
            profile.AvatarUrl,
            profile.Status,
            profile.CreatedAt,
            profile.LastLogin,
            new PremiumView(premium.IsPremium, premium.ImageCredits, premium.KissCoins));
}
