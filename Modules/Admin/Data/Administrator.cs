namespace KissChat.Admin.Data;

/// <summary>An account another administrator promoted. Accounts listed in ADMIN_EMAILS are administrators without a row.</summary>
internal sealed class Administrator
{
    public Guid UserId { get; init; }

    /// <summary>Who promoted them; null once that account is gone.</summary>
    public Guid? PromotedBy { get; init; }

    public DateTime PromotedAt { get; init; }
}
