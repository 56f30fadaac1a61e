using KissChat.Kernel.Database;
using KissChat.Kernel.Text;
using KissChat.Personas.Contracts;
using KissChat.Personas.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Personas;

internal sealed class PersonaDirectory(KissChatDbContext db) : IPersonas
{
    // Every reply asks for its persona: the chat's, or else the user's default.
    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, Guid, CancellationToken, Task<PersonaCard?>>> Chosen =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid personaId, Guid userId, CancellationToken _) =>
            db.Set<Persona>().Where(p => p.UserId == userId && p.Id == personaId).Select(p => new PersonaCard(p.Id, p.Name, p.Description, p.DescriptionPosition, p.DescriptionDepth, p.DescriptionRole)).FirstOrDefault()));

    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, CancellationToken, Task<PersonaCard?>>> Default =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid userId, CancellationToken _) =>
            db.Set<Persona>().Where(p => p.UserId == userId && p.IsDefault).Select(p => new PersonaCard(p.Id, p.Name, p.Description, p.DescriptionPosition, p.DescriptionDepth, p.DescriptionRole)).FirstOrDefault()));

    public async Task<PersonaCard?> ForChatAsync(Guid? personaId, Guid userId, CancellationToken cancellationToken) =>
        (personaId is { } id ? await Chosen.For(db)(db, id, userId, cancellationToken) : null)
        ?? await Default.For(db)(db, userId, cancellationToken);

    public async Task<string?> SillyTavernKeyAsync(Guid personaId, Guid userId, CancellationToken cancellationToken) =>
        (await db.Set<Persona>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == personaId && p.UserId == userId, cancellationToken))?.SillyTavernKey;

    public Task<Guid?> FindByNameAsync(string name, Guid userId, CancellationToken cancellationToken) =>
        SameName.FirstAsync(db.Set<Persona>().Where(p => p.UserId == userId).Select(p => new NamedRow(p.Id, p.Name)), name, cancellationToken);
}
