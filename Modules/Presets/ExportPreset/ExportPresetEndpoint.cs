using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Presets.Data;
using KissChat.Presets.Formats;

namespace KissChat.Presets.ExportPreset;

/// <param name="Id">The preset, from the route.</param>
internal sealed record ExportPresetRequest(Guid Id);

/// <summary>Your preset as a SillyTavern chat-completion preset file, which SillyTavern imports over its current settings.</summary>
internal sealed class ExportPresetEndpoint(KissChatDbContext db, CurrentUser me)
    : Endpoint<ExportPresetRequest, Results<FileContentHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/export/{id}");
        Group<PresetsGroup>();
        Description(b => b.WithName("ExportPreset").Produces(StatusCodes.Status200OK, typeof(byte[]), "application/json").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Download your preset as a SillyTavern chat-completion preset (the samplers it sets, its reply length, seed and stop strings).");
    }

    public override async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExecuteAsync(ExportPresetRequest request, CancellationToken ct)
    {
        var (preset, problem) = await db.FindOwnAsync<Preset>(request.Id, me.Id, "Preset", ct);
        return preset is null
            ? problem!
            : TypedResults.File(PresetFile.ToUtf8(preset.Name, preset.Settings), "application/json", $"{SafeFileNames.From(preset.Name, "preset")}.json");
    }
}
