namespace KissChat.Users.Data;

internal sealed class Premium
{
    public Guid UserId { get; init; }

    public bool IsPremium { get; set; }

    /// <summary>When a premium granted for a while ends; null while <see cref="IsPremium"/> means for good.</summary>
    public DateTime? PremiumUntil { get; set; }

    public int ImageCredits { get; set; }

    /// <summary>Always the sum of the user's <see cref="CoinLedgerEntry"/> rows: both change in one transaction.</summary>
    public int KissCoins { get; set; }
}
