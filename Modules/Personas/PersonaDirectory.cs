using KissChat.Kernel.Database;
using KissChat.Personas.Contracts;
using KissChat.Personas.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Personas;

internal sealed class PersonaDirectory(KissChatDbContext db) : IPersonas
{
    public async Task<PersonaCard?> ForChatAsync(Guid? personaId, Guid userId, CancellationToken cancellationToken)
    {
        var mine = db.Set<Persona>().AsNoTracking().Where(p => p.UserId == userId);
        var persona = personaId is { } id ? await mine.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) : null;
        persona ??= await mine.FirstOrDefaultAsync(p => p.IsDefault, cancellationToken);
        return persona is null ? null : new PersonaCard(persona.Id, persona.Name, persona.Description);
    }

    public Task<bool> IsOwnAsync(Guid personaId, Guid userId, CancellationToken cancellationToken) =>
        db.Set<Persona>().AnyAsync(p => p.Id == personaId && p.UserId == userId, cancellationToken);
}
