using KissChat.Kernel.Database;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using KissChat.Users.Profiles;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users;

internal static class ProfileQuery
{
    public static async Task<UserProfileView?> FindAsync(KissChatDbContext db, Guid userId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await (
                from p in db.Set<Profile>()
                join c in db.Set<Premium>() on p.UserId equals c.UserId
                where p.UserId == userId
                select new { Profile = p, Premium = c })
            .AsNoTracking()
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var (profile, premium) = (row.Profile, row.Premium);
        var today = Adulthood.Today(clock);
        return new UserProfileView(
            profile.UserId,
            profile.Email,
            profile.Username,
            profile.AvatarUrl,
            profile.Status,
            profile.Bio,
            profile.ShowNsfw,
            profile.BirthDate,
            profile.AdultConfirmedAt,
            Adulthood.SeesNsfw(profile.ShowNsfw, profile.BirthDate, profile.AdultConfirmedAt, today),
            profile.CreatedAt,
            profile.LastLogin,
            new PremiumView(
                premium.IsPremium && (premium.PremiumUntil is null || premium.PremiumUntil > now),
                premium.PremiumUntil,
                premium.ImageCredits,
                premium.KissCoins));
    }
}
