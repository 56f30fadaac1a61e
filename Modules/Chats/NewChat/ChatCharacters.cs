using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.Groups;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;

namespace KissChat.Chats.NewChat;

/// <summary>The characters a new chat (started or imported) is with, each one the user may chat with, in the given order.</summary>
internal static class ChatCharacters
{
    public static async Task<(List<NewChatCharacter>? Members, ProblemHttpResult? Problem)> FindAsync(
        ICharacterCatalog characters, IEnumerable<Guid> ids, Guid userId, CancellationToken cancellationToken)
    {
        var members = new List<NewChatCharacter>();
        foreach (var id in ids)
        {
            var access = await characters.FindForChatAsync(id, userId, cancellationToken);
            if (access.Outcome != CharacterAccessOutcome.Found)
            {
                return (null, access.Outcome == CharacterAccessOutcome.Forbidden
                    ? Problems.Forbidden("You cannot chat with this character.")
                    : Problems.NotFound("Character not found."));
            }

            members.Add(access.Character!);
        }

        return (members, null);
    }

    /// <summary>
    /// Adds a chat with <paramref name="members"/>: one character is a chat with it, several a group chat in their order
    /// (<paramref name="strategy"/>, else in turn). Either way it is titled with their names.
    /// </summary>
    public static Chat AddChat(
        KissChatDbContext db, Guid userId, IReadOnlyList<NewChatCharacter> members, string? strategy, IReadOnlyCollection<Guid> muted, DateTime createdAt, DateTime now, string? chatMetadata = null)
    {
        var isGroup = members.Count > 1;
        var chat = new Chat
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            CharacterId = isGroup ? null : members[0].Id,
            Title = Chat.TitleFor(string.Join(", ", members.Select(m => m.Name.Trim()))),
            GroupStrategy = isGroup ? strategy ?? GroupStrategies.List : null,
            ChatMetadata = chatMetadata,
            CreatedAt = createdAt,
            UpdatedAt = now,
        };
        db.Add(chat);
        if (isGroup)
        {
            db.AddRange(members.Select((m, position) => new ChatMember { ChatId = chat.Id, CharacterId = m.Id, Position = position, Muted = muted.Contains(m.Id) }));
        }

        return chat;
    }
}
