using KissChat.Kernel.Database;
using KissChat.Personas.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Personas;

internal static class OwnPersonas
{
    /// <summary>The user's personas, oldest first (as they are listed and exported).</summary>
    public static Task<List<Persona>> ListAsync(KissChatDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Set<Persona>().AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(cancellationToken);
}
