namespace KissChat.Chats.Data;

internal sealed class Chat
{
    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    /// <summary>Null once the character is deleted by its author: the chat keeps its own prompt and history.</summary>
    public Guid? CharacterId { get; init; }

    public required string Title { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }
}
