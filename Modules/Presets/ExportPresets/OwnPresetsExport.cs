using System.Text.Json;
using KissChat.Kernel.Database;
using KissChat.Kernel.Export;
using KissChat.Presets.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KissChat.Presets.ExportPresets;

/// <summary>The export's <c>presets.json</c>: the user's generation presets as <c>GET preset/list</c> shows them.</summary>
internal sealed class OwnPresetsExport(KissChatDbContext db, IOptions<JsonOptions> json) : IUserDataExport
{
    public async Task WriteAsync(Guid userId, UserExportArchive archive, CancellationToken cancellationToken)
    {
        var presets = await db.Set<Preset>().AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        await archive.AddAsync("presets.json", JsonSerializer.SerializeToUtf8Bytes(presets.Select(PresetView.From), json.Value.SerializerOptions), cancellationToken);
    }
}
