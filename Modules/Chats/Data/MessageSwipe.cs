namespace KissChat.Chats.Data;

/// <summary>
/// One alternative of an assistant message: a regenerated reply, or one of the character's alternate
/// greetings. Switching swipes copies the chosen text into the message, so context building never looks here.
/// </summary>
internal sealed class MessageSwipe
{
    public Guid MessageId { get; init; }

    public int Index { get; init; }

    public required string Content { get; set; }

    public string Status { get; set; } = MessageStatus.Complete;

    /// <summary>In a group chat, the character who said this alternative.</summary>
    public Guid? CharacterId { get; init; }

    public DateTime CreatedAt { get; init; }
}
