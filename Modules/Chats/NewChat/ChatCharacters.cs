using KissChat.Characters.Contracts;
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
}
