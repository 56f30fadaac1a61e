using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.Catalog;

internal sealed class CharacterCatalog(KissChatDbContext db) : ICharacterCatalog
{
    public async Task<CharacterAccess> FindForChatAsync(Guid characterId, Guid userId, CancellationToken cancellationToken)
    {
        var (outcome, character) = await CharacterAccessRules.FindReadableAsync(db, characterId, userId, cancellationToken);
        return character is null
            ? new CharacterAccess(outcome, null)
            : new CharacterAccess(outcome, new NewChatCharacter(
                character.Id,
                character.UserId,
                character.Name,
                character.AvatarUrl,
                string.IsNullOrWhiteSpace(character.Greeting) ? null : character.Greeting,
                character.AlternateGreetings));
    }

    public async Task<CharacterCard?> CardForChatAsync(Guid characterId, Guid userId, CancellationToken cancellationToken)
    {
        var (_, character) = await CharacterAccessRules.FindReadableAsync(db, characterId, userId, cancellationToken);
        return character is null ? null : CharacterCards.From(character);
    }

    // One UPDATE … SET chat_count = chat_count + 1: chats started at the same moment are all counted.
    public Task RecordChatStartedAsync(Guid characterId, CancellationToken cancellationToken) =>
        db.Set<Character>().Where(c => c.Id == characterId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ChatCount, c => c.ChatCount + 1), cancellationToken);

    public async Task<IReadOnlyDictionary<Guid, CharacterSummary>> SummariesAsync(
        IReadOnlyCollection<Guid> characterIds, CancellationToken cancellationToken)
    {
        if (characterIds.Count == 0)
        {
            return new Dictionary<Guid, CharacterSummary>();
        }

        return await db.Set<Character>().AsNoTracking()
            .Where(c => characterIds.Contains(c.Id))
            .Select(c => new CharacterSummary(c.Id, c.Name, c.AvatarUrl))
            .ToDictionaryAsync(s => s.Id, cancellationToken);
    }
}
