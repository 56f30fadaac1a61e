namespace KissChat.Users.Data;

/// <summary>One change of a user's kiss coins. The rows of a user add up to their balance, and nothing changes one without the other.</summary>
internal sealed class CoinLedgerEntry
{
    /// <summary>Grows with every row, so a user's rows in id order are their history in order.</summary>
    public long Id { get; init; }

    public Guid UserId { get; init; }

    /// <summary>Coins added (positive) or taken (negative).</summary>
    public int Delta { get; init; }

    /// <summary>The balance right after this change.</summary>
    public int Balance { get; init; }

    /// <summary>One of <see cref="Contracts.CoinReasons"/>.</summary>
    public required string Reason { get; init; }

    /// <summary>What the coins were for: the chat of a reply or refund, the administrator of a grant.</summary>
    public Guid? ReferenceId { get; init; }

    /// <summary>An administrator's words for a grant.</summary>
    public string? Note { get; init; }

    public DateTime CreatedAt { get; init; }
}
