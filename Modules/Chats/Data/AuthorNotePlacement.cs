namespace KissChat.Chats.Data;

/// <summary>
/// Where and how often a chat's author's note goes in, besides its depth: SillyTavern's <c>note_role</c>,
/// <c>note_interval</c> and <c>note_position</c>. A chat without one (null) has the defaults: a system message, at every
/// turn, at its depth.
/// </summary>
/// <param name="Role">Who the note speaks as: <c>system</c>, <c>user</c> or <c>assistant</c>.</param>
/// <param name="Interval">
/// At every turn (1), or only when the chat's user messages are a multiple of it (2: every other turn), as SillyTavern
/// counts them; 0 never. When the note is not due, neither is the lore that goes around it.
/// </param>
/// <param name="Position">In the history at its depth (<c>at_depth</c>), or after or before the main prompt.</param>
internal sealed record AuthorNotePlacement(string Role = ChatRoles.System, int Interval = 1, string Position = AuthorNotePositions.AtDepth)
{
    public const int MaxInterval = 1000;

    public static readonly AuthorNotePlacement Default = new();

    public static readonly IReadOnlyList<string> Roles = [ChatRoles.System, ChatRoles.User, ChatRoles.Assistant];

    /// <summary>Whether the note goes into a prompt that answers the chat's <paramref name="userMessages"/>th user message.</summary>
    public bool IsDue(int userMessages) => Interval == 1 || (Interval > 0 && userMessages > 0 && userMessages % Interval == 0);
}

internal static class AuthorNotePositions
{
    public const string AtDepth = "at_depth";

    /// <summary>SillyTavern's "after main prompt / story string".</summary>
    public const string AfterMain = "after_main";

    /// <summary>SillyTavern's "before main prompt / story string".</summary>
    public const string BeforeMain = "before_main";

    public static readonly IReadOnlyList<string> All = [AtDepth, AfterMain, BeforeMain];
}
