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

    /// <summary>The selected alternative's text: this, and only this, is what the model sees.</summary>
    public required string Content { get; set; }

    /// <summary>Which of the message's swipes is selected (assistant messages keep every alternative).</summary>
    public int SwipeIndex { get; set; }

    public string Status { get; set; } = MessageStatus.Complete;

    public Guid? JobId { get; init; }

    /// <summary>In a group chat, the character who said an assistant message (its selected swipe's); null otherwise.</summary>
    public Guid? CharacterId { get; set; }

    /// <summary>Left out of every prompt (and summary) but kept in the chat: SillyTavern's <c>is_system</c>.</summary>
    public bool Hidden { get; set; }

    /// <summary>
    /// The thinking model's reasoning that led to the selected alternative (its swipe's), shown beside it and never sent
    /// back to the model; SillyTavern's <c>extra.reasoning</c>. Null when the model gave none.
    /// </summary>
    public string? Reasoning { get; set; }

    /// <summary>An imported SillyTavern message's <c>extra</c> (JSON), kept as written for its export.</summary>
    public string? Extra { get; init; }

    /// <summary>An imported SillyTavern message's members KissChat has no use for (JSON object: title, gen_started, …), for its export.</summary>
    public string? OtherMembers { get; init; }

    public DateTime CreatedAt { get; init; }
}

internal static class MessageStatus
{
    public const string Complete = "complete";

    /// <summary>The user stopped the generation; the text is what had streamed until then.</summary>
    public const string Stopped = "stopped";

    /// <summary>The model provider failed before the reply's end; the text is what had streamed until then.</summary>
    public const string Interrupted = "interrupted";
}

internal static class ChatRoles
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";

    /// <summary>
    /// Narration by nobody in the chat (SillyTavern's <c>/sys</c> lines): the model reads it as a system message where it stands.
    /// </summary>
    public const string Narrator = "narrator";

    /// <summary>Who says a message in a plain transcript given to the model (a summary's or a title's).</summary>
    public static string TranscriptLabel(string role) => role switch
    {
        User => "User",
        Narrator => "Narrator",
        _ => "Character",
    };
}
