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

    /// <summary>The 409 for a write that would take an account past <see cref="PersonaLimits.PerUser"/> personas.</summary>
    public static ProblemHttpResult TooMany(int wouldHave) => OwnedRecords.TooMany(wouldHave, PersonaLimits.PerUser, "personas");
}
