using KissChat.Inference.Contracts;
using KissChat.Kernel.Database;
using KissChat.Presets.Contracts;
using KissChat.Presets.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Presets;

internal sealed class PresetShelf(KissChatDbContext db) : IPresets
{
    public async Task<GenerationSettings?> FindAsync(Guid presetId, Guid userId, CancellationToken cancellationToken) =>
        (await db.Set<Preset>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == presetId && p.UserId == userId, cancellationToken))?.Settings;
}
