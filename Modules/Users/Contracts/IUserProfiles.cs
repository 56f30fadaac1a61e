namespace KissChat.Users.Contracts;

/// <summary>What other modules (Auth, Characters, Chats) may do with profiles, without touching the Users tables.</summary>
public interface IUserProfiles
{
    /// <summary>
    /// Adds the profile, premium row and starting coins (a ledger row) to the current unit of work; the caller saves
    /// them with the account. The username is the email's local part, made unique if another account has it.
    /// </summary>
    Task AddNewUserAsync(Guid userId, string email, CancellationToken cancellationToken);

    Task RecordLoginAsync(Guid userId, CancellationToken cancellationToken);

    Task<UserProfileView?> FindAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Whether NSFW characters may be shown to the user: they turned show_nsfw on and are an adult.</summary>
    Task<bool> SeesNsfwAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The public face of the account with this username (in any case); null when there is none or it is banned.</summary>
    Task<PublicProfileView?> FindPublicAsync(string username, CancellationToken cancellationToken);

    /// <summary>The account's username (what a prompt calls a user without a persona); null when there is no such account.</summary>
    Task<string?> UsernameAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The usernames of these accounts, by id; accounts that no longer exist are left out.</summary>
    Task<IReadOnlyDictionary<Guid, string>> UsernamesAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken);

    /// <summary>
    /// The accounts whose username contains <paramref name="text"/> ignoring case, as a query to compose into another
    /// one (it runs as a subquery of it; nothing runs here).
    /// </summary>
    IQueryable<Guid> UserIdsNamedLike(string text);
}

public sealed record UserProfileView(
    Guid UserId,
    string Email,
    string Username,
    string AvatarUrl,
    string Status,
    string? Bio,
    bool ShowNsfw,
    DateOnly? BirthDate,
    DateTime? AdultConfirmedAt,
    bool SeesNsfw,
    DateTime CreatedAt,
    DateTime LastLogin,
    PremiumView Premium);

/// <param name="IsPremium">Premium now: granted, and not past <paramref name="PremiumUntil"/>.</param>
public sealed record PremiumView(bool IsPremium, DateTime? PremiumUntil, int ImageCredits, int KissCoins);

public sealed record PublicProfileView(Guid UserId, string Username, string AvatarUrl, string? Bio, DateTime CreatedAt);
