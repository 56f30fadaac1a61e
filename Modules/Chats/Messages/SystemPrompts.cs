using KissChat.Characters.Contracts;
using KissChat.Chats.Data;

namespace KissChat.Chats.Messages;

/// <summary>
/// A chat's system message (stored by chats started before prompts were built at each turn, and the first message of
/// a prompt preview) is built from its character, so it shows the character's definition: the chat's user sees
/// it only while Characters says they may see that definition (an author may hide it; the definition of a deleted
/// character cannot be asked about any more, so it stays hidden). Otherwise the message keeps its place, blank.
/// </summary>
internal static class SystemPrompts
{
    public static async Task<bool> AreVisibleAsync(Guid? characterId, Guid userId, ICharacterCatalog characters, CancellationToken cancellationToken) =>
        characterId is { } id && await characters.MaySeeDefinitionAsync(id, userId, cancellationToken);

    /// <summary>The messages as <paramref name="chat"/>'s user may read them.</summary>
    public static async Task<List<MessageView>> AsVisibleAsync(
        List<MessageView> messages, Chat chat, ICharacterCatalog characters, CancellationToken cancellationToken) =>
        messages.Any(m => m.Role == ChatRoles.System) && !await AreVisibleAsync(chat.CharacterId, chat.UserId, characters, cancellationToken)
            ? messages.Select(m => m.Role == ChatRoles.System ? m with { Content = string.Empty } : m).ToList()
            : messages;
}
