using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.Data;

internal sealed class CharacterAvatars(KissChatDbContext db) : IOwnedAvatars
{
    public async Task<IReadOnlyList<string>> AvatarUrlsOfAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<Character>().Where(c => c.UserId == userId && c.AvatarUrl != null).Select(c => c.AvatarUrl!).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> InUseAsync(IReadOnlyCollection<string> urls, CancellationToken cancellationToken) =>
        await db.Set<Character>().Where(c => urls.Contains(c.AvatarUrl!)).Select(c => c.AvatarUrl!).Distinct().ToListAsync(cancellationToken);
}
