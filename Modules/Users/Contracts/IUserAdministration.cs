using KissChat.Kernel.Statistics;

namespace KissChat.Users.Contracts;

/// <summary>What administrators may change about accounts, and count.</summary>
public interface IUserAdministration
{
    /// <summary>Grants or ends premium, for good or until <paramref name="until"/>; false when there is no such account.</summary>
    Task<bool> SetPremiumAsync(Guid userId, bool isPremium, DateTime? until, CancellationToken cancellationToken);

    /// <summary>Accounts, by when they were opened.</summary>
    Task<ActivityCount> CountAccountsAsync(ActivityWindows windows, CancellationToken cancellationToken);
}
