namespace KissChat.Chats.Data;

/// <summary>A lorebook attached to a chat; <see cref="Position"/> keeps the order they were given in.</summary>
internal sealed class ChatLorebook
{
    public Guid ChatId { get; init; }

    public Guid LorebookId { get; init; }

    public int Position { get; init; }
}
