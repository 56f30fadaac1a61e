namespace KissChat.Chats.Data;

/// <summary>A character of a group chat, at its <see cref="Position"/> in the turn order; a muted one never speaks.</summary>
internal sealed class ChatMember
{
    public Guid ChatId { get; init; }

    public Guid CharacterId { get; init; }

    public int Position { get; init; }

    public bool Muted { get; set; }
}
