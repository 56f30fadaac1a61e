namespace KissChat.Users.Contracts;

/// <summary>What other modules (Auth) may do with profiles, without touching the Users tables.</summary>
public interface IUserProfiles
{
    /// <summary>Adds the profile and premium rows to the current unit of work; the caller saves them with the account.</summary>
    void AddNewUser(Guid userId, string email);

    Task RecordLoginAsync(Guid userId, CancellationToken cancellationToken);

    Task<UserProfileView?> FindAsync(Guid userId, CancellationToken cancellationToken);
}

public sealed record UserProfileView(
    Guid UserId,
    string Email,
    string Username,
    string AvatarUrl,
    string Status,
    DateTime CreatedAt,
    DateTime LastLogin,
    PremiumView Premium);

public sealed record PremiumView(bool IsPremium, int ImageCredits, int KissCoins);
