namespace KissChat.Users.Contracts;

/// <summary>Kiss coins, which pay for replies when credits are enabled.</summary>
public interface ICredits
{
    /// <summary>
    /// Takes <paramref name="amount"/> coins in one conditional update, so concurrent requests can never drive
    /// the balance below zero. Premium users pay nothing. Returns what was taken (0 for premium), or null when
    /// the balance is too low.
    /// </summary>
    Task<int?> TryChargeAsync(Guid userId, int amount, CancellationToken cancellationToken);

    Task RefundAsync(Guid userId, int amount, CancellationToken cancellationToken);
}
