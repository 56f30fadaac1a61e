using KissChat.Characters.Contracts;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.Data;

/// <summary>
/// The seed's verifyOwner, shared by the API and the chat catalog: a character someone else owns is
/// Forbidden (403), not hidden, and its data never leaves this method.
/// </summary>
internal static class OwnedCharacter
{
    public static async Task<(CharacterAccessOutcome Outcome, Character? Character)> FindAsync(
        KissChatDbContext db, Guid characterId, Guid userId, CancellationToken cancellationToken)
    {
        var character = await db.Set<Character>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == characterId, cancellationToken);
        return character switch
        {
            null => (CharacterAccessOutcome.NotFound, null),
            _ when character.UserId != userId => (CharacterAccessOutcome.Forbidden, null),
            _ => (CharacterAccessOutcome.Found, character),
        };
    }
}
