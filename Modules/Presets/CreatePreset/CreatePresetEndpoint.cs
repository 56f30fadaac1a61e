using FastEndpoints;
using FluentValidation;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Presets.Data;

namespace KissChat.Presets.CreatePreset;

/// <param name="Settings">Any of the generation settings a reply takes; what it leaves out comes from the server.</param>
internal sealed record CreatePresetRequest(string? Name, GenerationSettings? Settings) : IPresetFields;

internal sealed class CreatePresetValidator : Validator<CreatePresetRequest>
{
    public CreatePresetValidator()
    {
        // Present; a blank one is refused by the fields' own rule, with one message.
        RuleFor(r => r.Name).NotNull();
        RuleFor(r => r.Settings).NotNull();
        Include(new PresetFieldsValidator(Resolve<InferenceOptions>));
    }
}

internal sealed class CreatePresetEndpoint(KissChatDbContext db, CurrentUser me, TimeProvider clock)
    : Endpoint<CreatePresetRequest, Results<Created<MessageDataResponse<PresetView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/create");
        Group<PresetsGroup>();
        Description(b => b.WithName("CreatePreset").ProducesProblems(409));
        Summary(s => s.Summary = "Save generation settings as a preset; a chat applies it with settings.preset_id, under its own settings.");
    }

    public override async Task<Results<Created<MessageDataResponse<PresetView>>, ProblemHttpResult>> ExecuteAsync(CreatePresetRequest request, CancellationToken ct)
    {
        var (preset, problem) = await SaveNewAsync(db, me.Id, clock, request, ct);
        return preset is null ? problem! : Created(PresetView.From(preset), "Preset created.");
    }

    /// <summary>The 201 of a new preset, as create shows it and import with what it left out.</summary>
    public static Created<MessageDataResponse<T>> Created<T>(T view, string message) where T : PresetView =>
        TypedResults.Created("/api/v1/preset/list", new MessageDataResponse<T>(message, view));

    /// <summary>
    /// Stores a validated request as the user's new preset (import shares it); or, when they already keep
    /// <see cref="Preset.PerUser"/>, the 409 to answer.
    /// </summary>
    public static async Task<(Preset? Preset, ProblemHttpResult? Problem)> SaveNewAsync(
        KissChatDbContext db, Guid userId, TimeProvider clock, CreatePresetRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var preset = new Preset { Id = Guid.CreateVersion7(), UserId = userId, Name = request.Name!.Trim(), Settings = request.Settings!.Over(null), CreatedAt = now, UpdatedAt = now };
        // Counted in the owner's write: two creates at once cannot both pass the cap.
        await using var write = await db.BeginOwnerWriteAsync(userId, ct);
        if (await db.CountOwnAsync<Preset>(userId, ct) >= Preset.PerUser)
        {
            return (null, OwnedRecords.TooMany(Preset.PerUser + 1, Preset.PerUser, "presets"));
        }

        db.Add(preset);
        await db.SaveChangesAsync(ct);
        await write.CommitAsync(ct);
        return (preset, null);
    }
}
