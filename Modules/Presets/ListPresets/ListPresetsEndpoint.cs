using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Presets.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Presets.ListPresets;

internal sealed class ListPresetsEndpoint(KissChatDbContext db, CurrentUser me) : EndpointWithoutRequest<Ok<DataResponse<IReadOnlyList<PresetView>>>>
{
    public override void Configure()
    {
        Get("/list");
        Group<PresetsGroup>();
        Description(b => b.WithName("ListPresets"));
        Summary(s => s.Summary = "Your presets, oldest first.");
    }

    public override async Task<Ok<DataResponse<IReadOnlyList<PresetView>>>> ExecuteAsync(CancellationToken ct)
    {
        var presets = await db.Set<Preset>().AsNoTracking().Where(p => p.UserId == me.Id).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);
        return TypedResults.Ok(new DataResponse<IReadOnlyList<PresetView>>([.. presets.Select(PresetView.From)]));
    }
}
