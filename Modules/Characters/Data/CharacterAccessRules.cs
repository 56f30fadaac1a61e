using KissChat.Characters.Contracts;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.Data;

/// <summary>
/// The seed's verifyOwner, widened by visibility: anyone signed in may read a public character and chat with it,
/// only its owner may change it. Someone else's private character is Forbidden (403), not hidden, and its data
/// never leaves this class.
/// </summary>
internal static class CharacterAccessRules
{
    /// <summary>The character if the user may read it: their own, or anyone's public one.</summary>
    public static async Task<(CharacterAccessOutcome Outcome, Character? Character)> FindReadableAsync(
        KissChatDbContext db, Guid characterId, Guid userId, CancellationToken cancellationToken)
    {
        var character = await db.Set<Character>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == characterId, cancellationToken);
        return character switch
        {
            null => (CharacterAccessOutcome.NotFound, null),
            _ when character.UserId != userId && character.Visibility != CharacterVisibility.Public => (CharacterAccessOutcome.Forbidden, null),
            _ => (CharacterAccessOutcome.Found, character),
        };
    }

    /// <summary>The user's own character, tracked for changing; nobody else's, public or not.</summary>
    public static async Task<(CharacterAccessOutcome Outcome, Character? Character)> FindOwnAsync(
        KissChatDbContext db, Guid characterId, Guid userId, CancellationToken cancellationToken)
    {
        var character = await db.Set<Character>().FirstOrDefaultAsync(c => c.Id == characterId && c.UserId == userId, cancellationToken);
        return character is null
            ? (await WhyNotOwnAsync(db, characterId, cancellationToken), null)
            : (CharacterAccessOutcome.Found, character);
    }

    /// <summary>For when a query filtered by owner found nothing: someone else's (403) or nobody's (404)?</summary>
    public static async Task<CharacterAccessOutcome> WhyNotOwnAsync(KissChatDbContext db, Guid characterId, CancellationToken cancellationToken) =>
        await db.Set<Character>().AnyAsync(c => c.Id == characterId, cancellationToken)
            ? CharacterAccessOutcome.Forbidden
            : CharacterAccessOutcome.NotFound;
}
