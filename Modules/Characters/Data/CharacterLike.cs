namespace KissChat.Characters.Data;

/// <summary>A user likes a character; each pair at most once.</summary>
internal sealed class CharacterLike
{
    public Guid CharacterId { get; init; }

    public Guid UserId { get; init; }

    public DateTime CreatedAt { get; init; }
}
