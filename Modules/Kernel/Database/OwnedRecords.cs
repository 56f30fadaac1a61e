using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Kernel.Database;

/// <summary>A row that belongs to one user, found by its id.</summary>
public interface IOwnedRecord
{
    Guid Id { get; }

    Guid UserId { get; }
}

public static class OwnedRecords
{
    /// <summary>
    /// The user's <typeparamref name="T"/> with this id, tracked for changing; otherwise the 404 (no such row) or 403
    /// (another user's) to answer, <paramref name="noun"/> naming it in the message ("Persona not found.").
    /// </summary>
    public static async Task<(T? Record, ProblemHttpResult? Problem)> FindOwnAsync<T>(
        this KissChatDbContext db, Guid id, Guid userId, string noun, CancellationToken cancellationToken)
        where T : class, IOwnedRecord
    {
        var record = await db.Set<T>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return record switch
        {
            null => (null, Problems.NotFound($"{noun} not found.")),
            _ when record.UserId != userId => (null, Problems.Forbidden($"This {noun.ToLowerInvariant()} belongs to another user.")),
            _ => (record, null),
        };
    }
}
