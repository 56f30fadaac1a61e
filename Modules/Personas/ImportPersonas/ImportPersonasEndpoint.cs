using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Kernel.Text;
using KissChat.Personas.CreatePersona;
using KissChat.Personas.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Personas.ImportPersonas;

/// <param name="Imported">The personas made from the file.</param>
/// <param name="Skipped">The names of those left out because you already have a persona of that name (as SillyTavern's restore does).</param>
internal sealed record ImportedPersonas(IReadOnlyList<PersonaView> Imported, IReadOnlyList<string> Skipped);

/// <summary>
/// Restores a SillyTavern persona backup: each persona you do not have by name yet, with its description and its key
/// (which <c>persona/export</c> gives back); its default becomes yours when it is one of them. Every persona is checked and made as <c>persona/create</c> would, and all are
/// stored or none.
/// </summary>
internal sealed class ImportPersonasEndpoint(KissChatDbContext db, CurrentUser me, TimeProvider clock)
    : EndpointWithoutRequest<Results<Created<MessageDataResponse<ImportedPersonas>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/import");
        Group<PersonasGroup>();
        Options(b => b.WithMetadata(new RequestSizeLimitAttribute(PersonaBackup.MaxBytes)).RequireRateLimiting(RateLimits.Imports));
        Description(b => b.WithName("ImportPersonas").Accepts<FileUploadForm>("multipart/form-data", "*/*").ProducesProblems(400, 409, 413, 415));
        Summary(s =>
        {
            s.Summary = "Import a SillyTavern persona backup (personas, persona_descriptions, default_persona).";
            s.Description = "Upload the file as the multipart/form-data field 'file', or send its JSON as the application/json body. A persona "
                + "whose name you already have is skipped; a name or description over the limits is a 400 naming it, and nothing is stored.";
        });
    }

    public override async Task<Results<Created<MessageDataResponse<ImportedPersonas>>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var (bytes, _, uploadProblem) = await FileUpload.ReadAsync(HttpContext.Request, "the persona backup (a JSON file)", ct);
        if (uploadProblem is not null)
        {
            return uploadProblem;
        }

        if (!JsonFile.TryParse(bytes, "The persona backup is not valid JSON", "The persona backup must be a JSON object.", out var file, out var error))
        {
            return Problems.BadRequest(error);
        }

        if (PersonaBackup.Read(file) is not var (backedUp, defaultKey))
        {
            return Problems.BadRequest("This is not a persona backup: send SillyTavern's (with 'personas' and 'persona_descriptions'), or one exported here.");
        }

        if (backedUp.Count > PersonaLimits.PerUser)
        {
            return OwnPersonas.TooMany(backedUp.Count);
        }

        // Names read in the write's turn: a backup sent twice at once (a double click) adds its personas once.
        await using var transaction = await db.BeginOwnerWriteAsync(me.Id, ct);
        var existing = await db.Set<Persona>().Where(p => p.UserId == me.Id).Select(p => new Persona { Id = p.Id, Name = p.Name, BackupKey = p.BackupKey }).ToListAsync(ct);
        var names = new HashSet<string>(existing.Select(p => p.Name), SameName.Comparer);
        var keys = existing.Select(p => p.SillyTavernKey).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var added = new List<(string Key, Persona Persona)>();
        var skipped = new List<string>();
        var rules = new CreatePersonaValidator();
        foreach (var persona in backedUp)
        {
            if (!names.Add(persona.Name))
            {
                skipped.Add(persona.Name);
                continue;
            }

            var request = new CreatePersonaRequest(persona.Name, persona.Description, AvatarUrl: null, IsDefault: null, persona.Position, persona.Depth, persona.Role);
            if ((await rules.ValidateAsync(request, ct)).Errors.FirstOrDefault() is { } invalid)
            {
                return FieldProblem.BadRequest($"personas.{Shown(persona.Key)}", $"The persona '{Shown(persona.Name)}': {invalid.ErrorMessage}");
            }

            var made = CreatePersonaEndpoint.New(request, me.Id, now);
            // The key it goes back out under, so SillyTavern's restore merges it; one another persona already goes by, or
            // that was never a file name, leaves it keyed by its id.
            made.BackupKey = persona.Key.Length is > 0 and <= PersonaLimits.BackupKey && !persona.Key.Any(char.IsControl) && keys.Add(persona.Key) ? persona.Key : null;
            added.Add((persona.Key, made));
        }

        if (existing.Count + added.Count > PersonaLimits.PerUser)
        {
            return OwnPersonas.TooMany(existing.Count + added.Count);
        }

        db.AddRange(added.Select(a => a.Persona));
        if (added.FirstOrDefault(a => a.Key == defaultKey).Persona is { } chosen)
        {
            chosen.IsDefault = true;
            await DefaultPersona.ClearOthersAsync(db, chosen, ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var result = new ImportedPersonas([.. added.Select(a => PersonaView.From(a.Persona))], skipped);
        return TypedResults.Created("/api/v1/persona/list", new MessageDataResponse<ImportedPersonas>($"Imported {added.Count} persona(s).", result));
    }

    /// <summary>A name as a message shows it: a backup's may be megabytes.</summary>
    private static string Shown(string name) => name.Length <= 100 ? name : $"{name[..100]}…";
}
