using KissChat.Characters.Cards;
using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Lorebooks.Contracts;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.Catalog;

internal sealed class CharacterCatalog(KissChatDbContext db, IUserProfiles profiles, ParsedCards parsedCards, TimeProvider clock) : ICharacterCatalog
{
    public async Task<CharacterAccess> FindForChatAsync(Guid characterId, Guid userId, CancellationToken cancellationToken)
    {
        var (refusal, character) = await CharacterAccessRules.FindReadableAsync(db, profiles, characterId, userId, cancellationToken);
        return character is null
            ? new CharacterAccess(CharacterAccessRules.ToOutcome(refusal), null)
            : new CharacterAccess(CharacterAccessOutcome.Found, new NewChatCharacter(
                character.Id,
                character.UserId,
                character.Name,
                character.AvatarUrl,
                string.IsNullOrWhiteSpace(character.Greeting) ? null : character.Greeting,
                character.AlternateGreetings,
                CharacterDefinition.IsVisibleTo(character, userId) ? CharacterCards.For(character, parsedCards.For(character), userId) : null));
    }

    public async Task<CharacterCard?> CardForChatAsync(Guid characterId, Guid userId, CancellationToken cancellationToken)
    {
        var (_, character) = await CharacterAccessRules.FindReadableAsync(db, profiles, characterId, userId, cancellationToken);
        return character is null ? null : CharacterCards.For(character, parsedCards.For(character), userId);
    }

    public async Task<bool> MaySeeDefinitionAsync(Guid characterId, Guid userId, CancellationToken cancellationToken)
    {
        var (_, character) = await CharacterAccessRules.FindReadableAsync(db, profiles, characterId, userId, cancellationToken);
        return character is not null && CharacterDefinition.IsVisibleTo(character, userId);
    }

    /// <summary>
    /// Two single statements, each counting atomically: chats started at the same moment are all counted, in the
    /// total (popular) and in today's row (trending).
    /// </summary>
    public async Task RecordChatStartedAsync(Guid characterId, CancellationToken cancellationToken)
    {
        var counted = await db.Set<Character>().Where(c => c.Id == characterId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ChatCount, c => c.ChatCount + 1), cancellationToken);
        if (counted == 0)
        {
            return;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // The same upsert reads alike on SQLite and PostgreSQL.
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO character_chat_days (character_id, day, chats) VALUES ({characterId}, {today}, 1)
             ON CONFLICT (character_id, day) DO UPDATE SET chats = character_chat_days.chats + 1
             """,
            cancellationToken);
    }

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
