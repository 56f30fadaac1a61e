namespace KissChat.Chats.Data;

/// <summary>
/// One message, one row, numbered within its chat: a turn appends two rows instead of rewriting a
/// chat-wide array, so long chats stay as fast as short ones.
/// </summary>
internal sealed class ChatMessage
{
    public Guid Id { get; init; }

    public Guid ChatId { get; init; }

    public int Seq { get; init; }

    public required string Role { get; init; }

    public required string Content { get; set; }

    public Guid? JobId { get; init; }

    public DateTime CreatedAt { get; init; }
}

internal static class ChatRoles
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";
}
