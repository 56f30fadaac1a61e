namespace KissChat.Users.Contracts;

/// <summary>
/// Kiss coins, which pay for replies when credits are enabled. Every change is a row of the coin ledger, and the
/// balance is always the sum of those rows: call these inside a write transaction and save the unit of work before
/// committing, so the balance and its ledger row are stored together or not at all.
/// </summary>
public interface ICredits
{
    /// <summary>
    /// Takes <paramref name="amount"/> coins for a generation in <paramref name="chatId"/> (<paramref name="reason"/>: a
    /// <see cref="CoinReasons.Reply"/> or an <see cref="CoinReasons.Impersonation"/>), in one conditional update, so
    /// concurrent requests can never drive the balance below zero. Premium users pay nothing. Returns what was taken
    /// (0 for premium), or null when the balance is too low.
    /// </summary>
    Task<int?> TryChargeAsync(Guid userId, int amount, string reason, Guid chatId, CancellationToken cancellationToken);

    /// <summary>Gives back what a generation in <paramref name="chatId"/> cost, when it gave nothing.</summary>
    Task RefundAsync(Guid userId, int amount, Guid chatId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="delta"/> coins (or takes them, when negative) on an administrator's word. Returns the new
    /// balance, or null when the account does not exist or the balance would fall below zero or past <see cref="MaxBalance"/>.
    /// </summary>
    Task<int?> GrantAsync(Guid userId, int delta, string note, Guid administratorId, CancellationToken cancellationToken);

    public const int MaxBalance = 1_000_000_000;
}

/// <summary>Why coins changed, as the ledger records it.</summary>
public static class CoinReasons
{
    /// <summary>The coins a new account starts with.</summary>
    public const string Signup = "signup";

    /// <summary>The balance an account already had when the ledger began.</summary>
    public const string Opening = "opening";

    public const string Reply = "reply";

    /// <summary>The model wrote the user's next message for them.</summary>
    public const string Impersonation = "impersonation";

    public const string Refund = "refund";

    public const string Grant = "grant";
}
