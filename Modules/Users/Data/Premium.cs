namespace KissChat.Users.Data;

internal sealed class Premium
{
    public Guid UserId { get; init; }

    public bool IsPremium { get; set; }

    public int ImageCredits { get; set; }

    public int KissCoins { get; set; }
}
