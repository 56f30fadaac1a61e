using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;

namespace KissChat.Characters.Persona;

internal sealed class CharacterCatalog(KissChatDbContext db) : ICharacterCatalog
{
    public async Task<CharacterAccess> FindForChatAsync(Guid characterId, Guid userId, CancellationToken cancellationToken)
    {
        var (outcome, character) = await OwnedCharacter.FindAsync(db, characterId, userId, cancellationToken);
        return character is null
            ? new CharacterAccess(outcome, null)
            : new CharacterAccess(outcome, new CharacterPersona(
                character.Id,
                character.UserId,
                character.Name,
                character.AvatarUrl,
                PersonaPrompt.Build(character),
                string.IsNullOrWhiteSpace(character.Greeting) ? null : character.Greeting,
                character.AlternateGreetings));
    }
}
