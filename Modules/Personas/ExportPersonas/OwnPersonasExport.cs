using System.Text.Json;
using KissChat.Kernel.Database;
using KissChat.Kernel.Export;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace KissChat.Personas.ExportPersonas;

/// <summary>The export's <c>personas.json</c>: the user's personas as <c>GET persona/list</c> shows them.</summary>
internal sealed class OwnPersonasExport(KissChatDbContext db, IOptions<JsonOptions> json) : IUserDataExport
{
    public async Task WriteAsync(Guid userId, UserExportArchive archive, CancellationToken cancellationToken)
    {
        var personas = await OwnPersonas.ListAsync(db, userId, cancellationToken);
        await archive.AddAsync("personas.json", JsonSerializer.SerializeToUtf8Bytes(personas.Select(PersonaView.From), json.Value.SerializerOptions), cancellationToken);
    }
}
