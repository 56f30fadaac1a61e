namespace KissChat.Chats.Data;

/// <summary>
/// A conversation with a character. The prompt is built at each turn from the character as it is then; the chat keeps
/// only its own choices (persona, lorebooks, author's note, settings) and, when pinned, a copy of the character.
/// </summary>
internal sealed class Chat
{
    public const int MaxTitleLength = 200;

    public const int MaxFolderLength = 100;

    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    /// <summary>Null once the character is deleted by its author: the chat then goes on with its pinned copy.</summary>
    public Guid? CharacterId { get; init; }

    public required string Title { get; set; }

    /// <summary>The persona the user plays here; null for their default persona.</summary>
    public Guid? PersonaId { get; set; }

    /// <summary>Inserted <see cref="AuthorNoteDepth"/> messages from the end at each turn.</summary>
    public string? AuthorNote { get; set; }

    public int AuthorNoteDepth { get; set; } = ChatDefaults.AuthorNoteDepth;

    /// <summary>The note's role, interval and position; null for the defaults.</summary>
    public AuthorNotePlacement? AuthorNotePlacement { get; set; }

    /// <summary>Generation settings for this chat's replies, under the request's own and over its preset's.</summary>
    public ChatSettings? Settings { get; set; }

    /// <summary>When the chat was pinned: set exactly while a <see cref="ChatPin"/> holds its copy of the character.</summary>
    public DateTime? PinnedAt { get; set; }

    /// <summary>How a group chat's next speaker is chosen (<see cref="GroupStrategies"/>); null for a single-character chat.</summary>
    public string? GroupStrategy { get; set; }

    /// <summary>The chat this one was branched from (null once that chat is deleted), and at which of its messages.</summary>
    public Guid? BranchedFromChatId { get; init; }

    public Guid? BranchedFromMessageId { get; init; }

    /// <summary>
    /// SillyTavern's <c>chat_metadata</c> (JSON): an imported chat's, kept as written for its export, and where a chat's
    /// variables live (<c>variables</c>, see <c>ChatVariables</c>).
    /// </summary>
    public string? ChatMetadata { get; set; }

    /// <summary>Its world-info entries' running stickies and cooldowns; null until one starts.</summary>
    public LoreTimers? LoreTimers { get; init; }

    public bool IsFavorite { get; set; }

    /// <summary>The user's folder for it, by name; null when it is in none.</summary>
    public string? Folder { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// A new chat's title: its character's name, which an imported card may write longer than a title holds or with
    /// line breaks around it. Never cut inside a surrogate pair.
    /// </summary>
    public static string TitleFor(string characterName)
    {
        var title = characterName.Trim();
        if (title.Length <= MaxTitleLength)
        {
            return title;
        }

        return title[..(char.IsHighSurrogate(title[MaxTitleLength - 1]) ? MaxTitleLength - 1 : MaxTitleLength)];
    }
}

internal static class ChatDefaults
{
    /// <summary>SillyTavern's default: four messages from the end.</summary>
    public const int AuthorNoteDepth = 4;

    public const int MaxAuthorNoteDepth = 100;

    public const int MaxAuthorNoteLength = 8000;

    public const int MaxLorebooks = 20;
}
