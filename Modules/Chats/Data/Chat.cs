namespace KissChat.Chats.Data;

internal sealed class Chat
{
    public const int MaxTitleLength = 200;

    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    /// <summary>Null once the character is deleted by its author: the chat keeps its own prompt and history.</summary>
    public Guid? CharacterId { get; init; }

    public required string Title { get; set; }

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
