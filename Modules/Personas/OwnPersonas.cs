using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Personas.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Personas;

internal static class OwnPersonas
{
    /// <summary>The user's personas, oldest first (as they are listed and exported).</summary>
    public static Task<List<Persona>> ListAsync(KissChatDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Set<Persona>().AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(cancellationToken);

    /// <summary>
    /// A write of the user's personas, one at a time for the user on every instance: what it reads first (how many there
    /// are, their names, which is the default) is still so when it commits. SQLite's writers take turns already;
    /// PostgreSQL's would each read before the other's commit.
    /// </summary>
    public static async Task<WriteTransaction> BeginWriteAsync(KissChatDbContext db, Guid userId, CancellationToken cancellationToken)
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

    /// <summary>How many personas the user has, read in the write's turn that would add more.</summary>
    public static Task<int> CountAsync(KissChatDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Set<Persona>().CountAsync(p => p.UserId == userId, cancellationToken);

    /// <summary>The 409 for a write that would take an account past <see cref="PersonaLimits.PerUser"/> personas.</summary>
    public static ProblemHttpResult TooMany(int wouldHave) =>
        Problems.Conflict($"That would make {wouldHave} personas; an account keeps at most {PersonaLimits.PerUser}. Delete some first.");
}
