namespace KissChat.Auth.Data;

/// <summary>
/// An opaque refresh token, stored only as its SHA-256. Tokens issued from one login share a family, so
/// presenting a token that was already rotated away can revoke every descendant of a possibly stolen one.
/// </summary>
internal sealed class RefreshToken
{
    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public Guid FamilyId { get; init; }

    public required string TokenHash { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public DateTime? RotatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
