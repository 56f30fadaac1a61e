namespace KissChat.Users.Data;

internal sealed class Profile
{
    public Guid UserId { get; init; }

    public required string Email { get; set; }

    public required string Username { get; set; }

    /// <summary>The username as compared: unique, so two accounts never share a name that differs only in case.</summary>
    public required string NormalizedUsername { get; set; }

    public required string AvatarUrl { get; set; }

    public required string Status { get; set; }

    /// <summary>A few words about the user, shown on their public page.</summary>
    public string? Bio { get; set; }

    /// <summary>The user asked to see characters marked NSFW; they do only while they are also an adult (<see cref="Adulthood"/>).</summary>
    public bool ShowNsfw { get; set; }

    public DateOnly? BirthDate { get; set; }

    /// <summary>When the user confirmed being 18 or over, for accounts that gave no birth date.</summary>
    public DateTime? AdultConfirmedAt { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime LastLogin { get; set; }
}
