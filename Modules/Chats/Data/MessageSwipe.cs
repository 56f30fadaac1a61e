namespace KissChat.Chats.Data;

/// <summary>
/// One alternative of an assistant message: a regenerated reply, or one of the character's alternate
/// greetings. Switching swipes copies the chosen text into the message, so context building never looks here.
/// </summary>
/// <remarks>
/// A message with a single alternative (most replies) has no rows here: it is its own swipe 0, and its text is stored
/// once. The rows appear, swipe 0 copied from the message, when a second alternative does (<see cref="FirstSwipe"/>).
/// </remarks>
internal sealed class MessageSwipe
{
    public Guid MessageId { get; init; }

    public int Index { get; init; }

    public required string Content { get; set; }

    public string Status { get; set; } = MessageStatus.Complete;

    /// <summary>In a group chat, the character who said this alternative.</summary>
    public Guid? CharacterId { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>The reasoning that led to this alternative (see <see cref="ChatMessage.Reasoning"/>).</summary>
    public string? Reasoning { get; set; }

    /// <summary>An imported swipe's SillyTavern <c>swipe_info</c> entry (JSON object: its own extra and times), for its export.</summary>
    public string? SwipeInfo { get; init; }
}

internal static class FirstSwipe
{
    /// <summary>The message as the swipe 0 it stands for while it has no rows here.</summary>
    public static MessageSwipe Of(ChatMessage message) => new()
    {
        MessageId = message.Id, Index = 0, Content = message.Content, Status = message.Status, CharacterId = message.CharacterId, CreatedAt = message.CreatedAt,
        Reasoning = message.Reasoning,
    };
}
