using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users.Data;

internal sealed class ProfileAvatars(KissChatDbContext db) : IOwnedAvatars
{
    public async Task<IReadOnlyList<string>> AvatarUrlsOfAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<Profile>().Where(p => p.UserId == userId).Select(p => p.AvatarUrl).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> InUseAsync(IReadOnlyCollection<string> urls, CancellationToken cancellationToken) =>
        await db.Set<Profile>().Where(p => urls.Contains(p.AvatarUrl)).Select(p => p.AvatarUrl).Distinct().ToListAsync(cancellationToken);
}
