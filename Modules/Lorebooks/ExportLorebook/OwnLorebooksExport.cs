using KissChat.Kernel.Database;
using KissChat.Kernel.Export;
using KissChat.Lorebooks.Data;
using KissChat.Lorebooks.Formats;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Lorebooks.ExportLorebook;

/// <summary>The export's <c>lorebooks/</c>: each of the user's lorebooks as the SillyTavern world info file <c>lorebook/export/{id}</c> gives.</summary>
internal sealed class OwnLorebooksExport(KissChatDbContext db) : IUserDataExport
{
    public async Task WriteAsync(Guid userId, UserExportArchive archive, CancellationToken cancellationToken)
    {
        await foreach (var book in db.Set<Lorebook>().AsNoTracking().Where(b => b.UserId == userId).OrderBy(b => b.CreatedAt).ThenBy(b => b.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await archive.AddAsync("lorebooks", book.Name, book.Id, "json", LorebookFile.ToUtf8(book.ToBook()), cancellationToken);
        }
    }
}
