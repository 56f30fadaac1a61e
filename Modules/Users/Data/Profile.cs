namespace KissChat.Users.Data;

internal sealed class Profile
{
    public Guid UserId { get; init; }

    public required string Email { get; set; }

    public required string Username { get; set; }

    public required string AvatarUrl { get; set; }

    public required string Status { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime LastLogin { get; set; }
}
