using KissChat.Kernel.Database;
using KissChat.Kernel.Text;
using KissChat.Lorebooks.Contracts;
using KissChat.Lorebooks.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Lorebooks;

internal sealed class LorebookShelf(KissChatDbContext db, ParsedLorebooks parsed) : ILorebooks
{
    public async Task<IReadOnlyList<Guid>> OwnedAsync(IReadOnlyCollection<Guid> lorebookIds, Guid userId, CancellationToken cancellationToken) =>
        lorebookIds.Count == 0
            ? []
            : await db.Set<Lorebook>().Where(b => b.UserId == userId && lorebookIds.Contains(b.Id)).Select(b => b.Id).ToListAsync(cancellationToken);

    public Task<Guid?> FindByNameAsync(string name, Guid userId, CancellationToken cancellationToken) =>
        SameName.FirstAsync(db.Set<Lorebook>().Where(b => b.UserId == userId).OrderByDescending(b => b.UpdatedAt).Select(b => new NamedRow(b.Id, b.Name)), name, cancellationToken);

    /// <summary>
    /// Reads only when each book last changed, and its entries only for books not already parsed at that time: a world
    /// book of a thousand entries is read and parsed again only after it changes.
    /// </summary>
    public async Task<IReadOnlyList<LoreBook>> FindAsync(IReadOnlyCollection<Guid> lorebookIds, Guid userId, CancellationToken cancellationToken)
    {
        if (lorebookIds.Count == 0)
        {
            return [];
        }

        var versions = await db.Set<Lorebook>().Where(b => b.UserId == userId && lorebookIds.Contains(b.Id))
            .Select(b => new { b.Id, b.UpdatedAt }).ToListAsync(cancellationToken);
        var books = new Dictionary<Guid, LoreBook>();
        foreach (var version in versions)
        {
            if (parsed.Find(version.Id, version.UpdatedAt) is { } book)
            {
                books[version.Id] = book;
            }
        }

        if (books.Count < versions.Count)
        {
            var unread = versions.Select(v => v.Id).Where(id => !books.ContainsKey(id)).ToList();
            // Each kept under the time it is read with, so a change since the versions were read is kept as new.
            await foreach (var row in db.Set<Lorebook>().AsNoTracking().Where(b => b.UserId == userId && unread.Contains(b.Id)).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                books[row.Id] = parsed.Keep(row.Id, row.UpdatedAt, row.ToBook());
            }
        }

        return [.. lorebookIds.Where(books.ContainsKey).Select(id => books[id])];
    }
}
