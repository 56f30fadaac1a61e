using KissChat.Kernel.Database;
using KissChat.Lorebooks.Contracts;
using KissChat.Lorebooks.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Lorebooks;

internal sealed class LorebookShelf(KissChatDbContext db) : ILorebooks
{
    public async Task<IReadOnlyList<Guid>> OwnedAsync(IReadOnlyCollection<Guid> lorebookIds, Guid userId, CancellationToken cancellationToken) =>
        lorebookIds.Count == 0
            ? []
            : await db.Set<Lorebook>().Where(b => b.UserId == userId && lorebookIds.Contains(b.Id)).Select(b => b.Id).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<LoreBook>> FindAsync(IReadOnlyCollection<Guid> lorebookIds, Guid userId, CancellationToken cancellationToken)
    {
        if (lorebookIds.Count == 0)
        {
            return [];
        }

        var books = await db.Set<Lorebook>().AsNoTracking().Where(b => b.UserId == userId && lorebookIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, cancellationToken);
        return [.. lorebookIds.Where(books.ContainsKey).Select(id => books[id].ToBook())];
    }
}
