using KissChat.Kernel.Database;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users;

internal sealed class UserProfiles(KissChatDbContext db, TimeProvider clock) : IUserProfiles
{
    public const string DefaultAvatar = "/static/default-avatar.svg";
    public const string DefaultStatus = "online";

    public void AddNewUser(Guid userId, string email)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(new Profile
        {
            UserId = userId,
            Email = email,
            Username = email.Split('@')[0],
            AvatarUrl = DefaultAvatar,
            Status = DefaultStatus,
            CreatedAt = now,
            LastLogin = now,
        });
        db.Add(new Premium { UserId = userId, IsPremium = false, ImageCredits = 2, KissCoins = 50 });
    }

    public Task RecordLoginAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<Profile>().Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LastLogin, now), cancellationToken);
    }

    public Task<UserProfileView?> FindAsync(Guid userId, CancellationToken cancellationToken) =>
        ProfileQuery.FindAsync(db, userId, cancellationToken);
}
