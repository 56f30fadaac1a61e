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

    /// <summary>How many personas the user has, read in the write's turn that would add more.</summary>
    public static Task<int> CountAsync(KissChatDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Set<Persona>().CountAsync(p => p.UserId == userId, cancellationToken);

    /// <summary>The 409 for a write that would take an account past <see cref="PersonaLimits.PerUser"/> personas.</summary>
    public static ProblemHttpResult TooMany(int wouldHave) =>
        Problems.Conflict($"That would make {wouldHave} personas; an account keeps at most {PersonaLimits.PerUser}. Delete some first.");
}
