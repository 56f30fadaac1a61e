using System.Security.Cryptography;
using KissChat.Kernel.Database;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using KissChat.Users.Profiles;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users;

internal sealed class UserProfiles(KissChatDbContext db, TimeProvider clock) : IUserProfiles
{
    public const string DefaultAvatar = "/static/default-avatar.svg";
    public const string DefaultStatus = "online";
    public const int StartingCoins = 50;

    // Every reply of a user without a persona asks it.
    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, CancellationToken, Task<string?>>> Username =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid userId, CancellationToken _) =>
            db.Set<Profile>().Where(p => p.UserId == userId).Select(p => p.Username).FirstOrDefault()));

    public async Task AddNewUserAsync(Guid userId, string email, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var username = await FreeUsernameAsync(Usernames.FromEmail(email), cancellationToken);
        db.Add(new Profile
        {
            UserId = userId,
            Email = email,
            Username = username,
            NormalizedUsername = Usernames.Normalize(username),
            AvatarUrl = DefaultAvatar,
            Status = DefaultStatus,
            CreatedAt = now,
            LastLogin = now,
        });
        db.Add(new Premium { UserId = userId, IsPremium = false, ImageCredits = 2, KissCoins = StartingCoins });
        db.Add(new CoinLedgerEntry { UserId = userId, Delta = StartingCoins, Balance = StartingCoins, Reason = CoinReasons.Signup, CreatedAt = now });
    }

    public Task RecordLoginAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<Profile>().Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LastLogin, now), cancellationToken);
    }

    public Task<UserProfileView?> FindAsync(Guid userId, CancellationToken cancellationToken) =>
        ProfileQuery.FindAsync(db, userId, clock, cancellationToken);

    public async Task<bool> SeesNsfwAsync(Guid userId, CancellationToken cancellationToken)
    {
        var choice = await db.Set<Profile>().AsNoTracking()
            .Where(p => p.UserId == userId && p.ShowNsfw)
            .Select(p => new { p.BirthDate, p.AdultConfirmedAt })
            .FirstOrDefaultAsync(cancellationToken);
        return choice is not null && Adulthood.IsAdult(choice.BirthDate, choice.AdultConfirmedAt, Adulthood.Today(clock));
    }

    public async Task<PublicProfileView?> FindPublicAsync(string username, CancellationToken cancellationToken)
    {
        var normalized = Usernames.Normalize(username.Trim());
        return await db.Set<Profile>().AsNoTracking()
            .Where(p => p.NormalizedUsername == normalized && db.Users.Any(u => u.Id == p.UserId && u.BannedAt == null))
            .Select(p => new PublicProfileView(p.UserId, p.Username, p.AvatarUrl, p.Bio, p.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public Task<string?> UsernameAsync(Guid userId, CancellationToken cancellationToken) => Username.For(db)(db, userId, cancellationToken);

    public async Task<IReadOnlyDictionary<Guid, string>> UsernamesAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken) =>
        userIds.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Set<Profile>().AsNoTracking()
                .Where(p => userIds.Contains(p.UserId))
                .ToDictionaryAsync(p => p.UserId, p => p.Username, cancellationToken);

    public IQueryable<Guid> UserIdsNamedLike(string text)
    {
        var normalized = Usernames.Normalize(text.Trim());
        return db.Set<Profile>().Where(p => p.NormalizedUsername.Contains(normalized)).Select(p => p.UserId);
    }

    /// <summary>
    /// <paramref name="wanted"/> if nobody has it, else it with a random suffix. Two sign-ups may still race for the
    /// same free name; the unique index refuses the second, and opening the account tries again.
    /// </summary>
    private async Task<string> FreeUsernameAsync(string wanted, CancellationToken cancellationToken)
    {
        var name = wanted;
        while (await IsTakenAsync(name, cancellationToken))
        {
            name = Usernames.WithSuffix(wanted, RandomNumberGenerator.GetHexString(6, lowercase: true));
        }

        return name;
    }

    private Task<bool> IsTakenAsync(string username, CancellationToken cancellationToken)
    {
        var normalized = Usernames.Normalize(username);
        return db.Set<Profile>().AnyAsync(p => p.NormalizedUsername == normalized, cancellationToken);
    }
}
