using FastEndpoints;
using FluentValidation;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Presets.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Presets.UpdatePreset;

/// <param name="Id">The preset, from the route.</param>
/// <param name="Settings">Replaces all of its settings when sent.</param>
internal sealed record UpdatePresetRequest(Guid Id, string? Name, GenerationSettings? Settings) : IPresetFields;

internal sealed class UpdatePresetValidator : Validator<UpdatePresetRequest>
{
    public UpdatePresetValidator()
    {
        RuleFor(r => r)
            .Must(r => r.Name is not null || r.Settings is not null)
            .OverridePropertyName("body")
            .WithMessage("Send name, settings or both.");
        Include(new PresetFieldsValidator(Resolve<InferenceOptions>));
    }
}

internal sealed class UpdatePresetEndpoint(KissChatDbContext db, CurrentUser me, TimeProvider clock)
    : Endpoint<UpdatePresetRequest, Results<Ok<MessageDataResponse<PresetView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Patch("/update/{id}");
        Group<PresetsGroup>();
        Description(b => b.WithName("UpdatePreset").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Rename your preset or replace its settings; chats using it follow at their next reply.");
    }

    public override async Task<Results<Ok<MessageDataResponse<PresetView>>, ProblemHttpResult>> ExecuteAsync(UpdatePresetRequest request, CancellationToken ct)
    {
        var (preset, problem) = await db.FindOwnAsync<Preset>(request.Id, me.Id, "Preset", ct);
        if (preset is null)
        {
            return problem!;
        }

        preset.Name = request.Name?.Trim() ?? preset.Name;
        preset.Settings = request.Settings?.Over(null) ?? preset.Settings;
        preset.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new MessageDataResponse<PresetView>("Preset updated.", PresetView.From(preset)));
    }
}
