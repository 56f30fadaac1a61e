using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.LikeCharacter;

internal static class LikeStates
{
    /// <summary>Whether the user likes the character and its count, as stored now; null when the character is gone.</summary>
    public static Task<LikeState?> OfAsync(KissChatDbContext db, Guid characterId, Guid userId, CancellationToken cancellationToken) =>
        db.Set<Character>().AsNoTracking()
            .Where(c => c.Id == characterId)
            .Select(c => new LikeState(c.Id, db.Set<CharacterLike>().Any(l => l.CharacterId == c.Id && l.UserId == userId), c.LikeCount))
            .FirstOrDefaultAsync(cancellationToken);
}
