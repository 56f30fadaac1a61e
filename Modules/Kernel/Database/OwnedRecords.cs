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
        return (record?.UserId == userId ? record : null, NotOwned(record?.UserId, userId, noun));
    }

    /// <summary>
    /// As <see cref="FindOwnAsync{T}"/>, for a caller that needs only to know: reads the row's owner, not the row
    /// (a lorebook's entries are megabytes). Null when it is the user's.
    /// </summary>
    public static async Task<ProblemHttpResult?> CheckOwnAsync<T>(
        this KissChatDbContext db, Guid id, Guid userId, string noun, CancellationToken cancellationToken)
        where T : class, IOwnedRecord =>
        NotOwned(await db.Set<T>().Where(r => r.Id == id).Select(r => (Guid?)r.UserId).FirstOrDefaultAsync(cancellationToken), userId, noun);

    /// <summary>
    /// A write of the user's own records, one at a time for the user on every instance: what it reads first (how many
    /// there are, their names, which is the default) is still so when it commits. SQLite's writers take turns already;
    /// PostgreSQL's would each read before the other's commit.
    /// </summary>
    public static async Task<WriteTransaction> BeginOwnerWriteAsync(this KissChatDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var write = await db.BeginWriteAsync(cancellationToken);
        try
        {
            await db.LockAsync(userId, cancellationToken);
            return write;
        }
        catch
        {
            await write.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many <typeparamref name="T"/> the user has; read in the write's turn that would add more.</summary>
    public static Task<int> CountOwnAsync<T>(this KissChatDbContext db, Guid userId, CancellationToken cancellationToken)
        where T : class, IOwnedRecord =>
        db.Set<T>().CountAsync(r => r.UserId == userId, cancellationToken);

    /// <summary>The 409 for a write that would take an account past <paramref name="cap"/> of something (<paramref name="plural"/>).</summary>
    public static ProblemHttpResult TooMany(int wouldHave, int cap, string plural) =>
        Problems.Conflict($"That would make {wouldHave} {plural}; an account keeps at most {cap}. Delete some first.");

    private static ProblemHttpResult? NotOwned(Guid? ownerId, Guid userId, string noun) => ownerId switch
    {
        null => Problems.NotFound($"{noun} not found."),
        _ when ownerId != userId => Problems.Forbidden($"This {noun.ToLowerInvariant()} belongs to another user."),
        _ => null,
    };
}
