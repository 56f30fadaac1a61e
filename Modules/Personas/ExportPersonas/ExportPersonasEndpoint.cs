using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Personas.Data;
using KissChat.Personas.ImportPersonas;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Personas.ExportPersonas;

/// <summary>Your personas as SillyTavern's persona backup, which its Persona Management restores (with its default picture for each).</summary>
internal sealed class ExportPersonasEndpoint(KissChatDbContext db, CurrentUser me) : EndpointWithoutRequest<FileContentHttpResult>
{
    // As SillyTavern writes its backup: indented, its text unescaped.
    private static readonly JsonSerializerOptions Written = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Configure()
    {
        Get("/export");
        Group<PersonasGroup>();
        Description(b => b.WithName("ExportPersonas").Produces(StatusCodes.Status200OK, typeof(byte[]), "application/json"));
        Summary(s => s.Summary = "Download your personas as a SillyTavern persona backup.");
    }

    public override async Task<FileContentHttpResult> ExecuteAsync(CancellationToken ct)
    {
        var personas = await db.Set<Persona>().AsNoTracking().Where(p => p.UserId == me.Id).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(PersonaBackup.Write(personas).ToJsonString(Written)), "application/json", "personas.json");
    }
}
