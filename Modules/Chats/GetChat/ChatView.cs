using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.Groups;

namespace KissChat.Chats.GetChat;

/// <param name="Depth">How many messages from the end it goes (0: after the last one).</param>
/// <param name="Role">Who it speaks as: <c>system</c>, <c>user</c> or <c>assistant</c>.</param>
/// <param name="Interval">1: at every turn; N: when the chat's user messages are a multiple of N; 0: never.</param>
/// <param name="Position"><c>at_depth</c>, <c>after_main</c> or <c>before_main</c>.</param>
internal sealed record AuthorNote(string Text, int Depth, string Role, int Interval, string Position)
{
    public static AuthorNote? Of(Chat chat)
    {
        var placement = chat.AuthorNotePlacement ?? AuthorNotePlacement.Default;
        return chat.AuthorNote is { } text ? new AuthorNote(text, chat.AuthorNoteDepth, placement.Role, placement.Interval, placement.Position) : null;
    }
}

/// <summary>The chat's character: the live one, or its pinned copy (<c>pinned</c>), or null when neither exists.</summary>
internal sealed record ChatViewCharacter(Guid Id, string Name, string? AvatarUrl);

/// <summary>Where a branch was taken from: the chat (null once deleted) and its last copied message (null once deleted).</summary>
internal sealed record ChatOrigin(Guid? ChatId, Guid? MessageId)
{
    /// <summary>Null for a chat that is not a branch.</summary>
    public static ChatOrigin? Of(Chat chat) =>
        chat.BranchedFromChatId is not null || chat.BranchedFromMessageId is not null ? new ChatOrigin(chat.BranchedFromChatId, chat.BranchedFromMessageId) : null;
}

/// <summary>A chat branched from this one (<c>chat/{id}/branch</c>).</summary>
internal sealed record ChatBranch(Guid Id, string Title, DateTime CreatedAt);

/// <summary>A chat with everything that shapes its prompt besides the character and the messages.</summary>
/// <param name="PersonaId">Null: your default persona (else your profile name).</param>
/// <param name="LorebookIds">Your lorebooks attached to it, besides the character's own book.</param>
/// <param name="Settings">Its generation settings; null when it has none of its own.</param>
/// <param name="Pinned">The chat uses a copy of the character made at <paramref name="PinnedAt"/>, not the live one.</param>
/// <param name="BranchedFrom">Where this chat was branched from; null when it was not.</param>
/// <param name="Branches">The chats branched from this one, oldest first.</param>
/// <param name="Folder">Your folder for it; null when it is in none.</param>
/// <param name="Group">A group chat's strategy and characters (its <paramref name="Character"/> is null); null for a chat with one character.</param>
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
    ChatOrigin? BranchedFrom,
    IReadOnlyList<ChatBranch> Branches,
    bool IsFavorite,
    string? Folder,
    GroupView? Group = null)
{
    public static ChatView From(
        Chat chat, ChatSettings? settings, IReadOnlyList<Guid> lorebookIds, CharacterSummary? live, CharacterCard? pinned, IReadOnlyList<ChatBranch> branches, GroupView? group = null) => new(
        chat.Id,
        chat.Title,
        live is not null ? new ChatViewCharacter(live.Id, live.Name, live.AvatarUrl)
            : pinned is not null ? new ChatViewCharacter(pinned.Id, pinned.Name, null)
            : null,
        chat.PersonaId,
        lorebookIds,
        settings,
        AuthorNote.Of(chat),
        chat.PinnedAt is not null,
        chat.PinnedAt,
        chat.CreatedAt,
        chat.UpdatedAt,
        ChatOrigin.Of(chat),
        branches,
        chat.IsFavorite,
        chat.Folder,
        group);
}
