using KissChat.Characters.Contracts;
using KissChat.Chats.Data;

namespace KissChat.Chats.GetChat;

/// <param name="Depth">How many messages from the end it goes (0: after the last one).</param>
internal sealed record AuthorNote(string Text, int Depth);

/// <summary>The chat's character: the live one, or its pinned copy (<c>pinned</c>), or null when neither exists.</summary>
internal sealed record ChatViewCharacter(Guid Id, string Name, string? AvatarUrl);

/// <summary>A chat with everything that shapes its prompt besides the character and the messages.</summary>
/// <param name="PersonaId">Null: your default persona (else your profile name).</param>
/// <param name="LorebookIds">Your lorebooks attached to it, besides the character's own book.</param>
/// <param name="Settings">Its generation settings; null when it has none of its own.</param>
/// <param name="Pinned">The chat uses a copy of the character made at <paramref name="PinnedAt"/>, not the live one.</param>
/// <param name="Folder">Your folder for it; null when it is in none.</param>
internal sealed record ChatView(
    Guid Id,
    string Title,
    ChatViewCharacter? Character,
    Guid? PersonaId,
    IReadOnlyList<Guid> LorebookIds,
    ChatSettings? Settings,
    AuthorNote? AuthorNote,
    bool Pinned,
    DateTime? PinnedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool IsFavorite,
    string? Folder)
{
    public static ChatView From(Chat chat, IReadOnlyList<Guid> lorebookIds, CharacterSummary? live) => new(
        chat.Id,
        chat.Title,
        live is not null ? new ChatViewCharacter(live.Id, live.Name, live.AvatarUrl)
            : chat.PinnedCharacter is { } pinned ? new ChatViewCharacter(pinned.Id, pinned.Name, null)
            : null,
        chat.PersonaId,
        lorebookIds,
        chat.Settings,
        chat.AuthorNote is { } note ? new AuthorNote(note, chat.AuthorNoteDepth) : null,
        chat.PinnedCharacter is not null,
        chat.PinnedAt,
        chat.CreatedAt,
        chat.UpdatedAt,
        chat.IsFavorite,
        chat.Folder);
}
