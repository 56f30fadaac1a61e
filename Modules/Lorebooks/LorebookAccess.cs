using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Lorebooks.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Lorebooks;

internal static class LorebookAccess
{
    /// <summary>The user's lorebook, tracked for changing; otherwise the 404 or 403 to answer.</summary>
    public static async Task<(Lorebook? Book, ProblemHttpResult? Problem)> FindOwnAsync(KissChatDbContext db, Guid id, Guid userId, CancellationToken cancellationToken)
    {
        var book = await db.Set<Lorebook>().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        return book switch
        {
            null => (null, Problems.NotFound("Lorebook not found.")),
            _ when book.UserId != userId => (null, Problems.Forbidden("This lorebook belongs to another user.")),
            _ => (book, null),
        };
    }
}
