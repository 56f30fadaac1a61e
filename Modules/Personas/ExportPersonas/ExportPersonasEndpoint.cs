using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Personas.ImportPersonas;

namespace KissChat.Personas.ExportPersonas;

/// <summary>Your personas as SillyTavern's persona backup, which its Persona Management restores (with its default picture for each).</summary>
internal sealed class ExportPersonasEndpoint(KissChatDbContext db, CurrentUser me) : EndpointWithoutRequest<FileContentHttpResult>
{
    public override void Configure()
    {
        Get("/export");
        Group<PersonasGroup>();
        Description(b => b.WithName("ExportPersonas").Produces(StatusCodes.Status200OK, typeof(byte[]), "application/json"));
        Summary(s => s.Summary = "Download your personas as a SillyTavern persona backup.");
    }

    public override async Task<FileContentHttpResult> ExecuteAsync(CancellationToken ct)
    {
        var personas = await OwnPersonas.ListAsync(db, me.Id, ct);
        return TypedResults.File(JsonFile.ToUtf8(PersonaBackup.Write(personas)), "application/json", "personas.json");
    }
}
