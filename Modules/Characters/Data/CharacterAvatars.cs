using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.Data;

internal sealed class CharacterAvatars(KissChatDbContext db) : IOwnedAvatars
{
    public async Task<IReadOnlyList<string>> AvatarUrlsOfAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<Character>().Where(c => c.UserId == userId && c.AvatarUrl != null).Select(c => c.AvatarUrl!).ToListAsync(cancellationToken);
}
