using FastEndpoints;
using FluentValidation.Results;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Presets.CreatePreset;
using KissChat.Presets.Data;
using KissChat.Presets.Formats;
using Microsoft.AspNetCore.Mvc;

namespace KissChat.Presets.ImportPreset;

/// <summary>The preset made, as <c>preset/list</c> shows it, and what of the file it left.</summary>
internal sealed record ImportedPresetView : PresetView
{
    public ImportedPresetView(PresetView preset, IReadOnlyList<string> ignored)
        : base(preset) => Ignored = ignored;

    /// <summary>The SillyTavern settings the file holds that KissChat has no place for and did not take (its prompts first).</summary>
    public IReadOnlyList<string> Ignored { get; }
}

/// <summary>
/// Creates a preset from a SillyTavern chat- or text-completion preset, or from one exported here, checked against the
/// same rules as a preset written by hand (a sampler out of this server's bounds is a field error, not clamped).
/// </summary>
internal sealed class ImportPresetEndpoint(KissChatDbContext db, CurrentUser me, TimeProvider clock, Func<InferenceOptions> inference)
    : EndpointWithoutRequest<Results<Created<MessageDataResponse<ImportedPresetView>>, ProblemHttpResult, ValidationProblem>>
{
    private const int ShownIgnored = 8;

    public override void Configure()
    {
        Post("/import");
        Group<PresetsGroup>();
        Options(b => b.WithMetadata(new RequestSizeLimitAttribute(PresetFile.MaxBytes)).RequireRateLimiting(RateLimits.Imports));
        Description(b => b.WithName("ImportPreset").Accepts<FileUploadForm>("multipart/form-data", "*/*").ProducesProblems(400, 409, 413, 415));
        Summary(s =>
        {
            s.Summary = "Import a preset: a SillyTavern chat-completion or text-completion preset file, or one exported here.";
            s.Description = "Upload the file as the multipart/form-data field 'file', or send its JSON as the application/json body. Its "
                + "samplers and reply length are taken, not its model or prompts: the answer's 'ignored' lists SillyTavern's settings in the file "
                + "that were not taken (KissChat has no place for them), and its message names the first. It is named by ?name=, else by its own name, else after "
                + "the uploaded file (as SillyTavern names presets), else \"" + PresetFile.DefaultName + "\".";
        });
    }

    public override async Task<Results<Created<MessageDataResponse<ImportedPresetView>>, ProblemHttpResult, ValidationProblem>> ExecuteAsync(CancellationToken ct)
    {
        var (bytes, fileName, uploadProblem) = await FileUpload.ReadAsync(HttpContext.Request, "the preset (a JSON file)", ct);
        if (uploadProblem is not null)
        {
            return uploadProblem;
        }

        if (!JsonFile.TryParse(bytes, "The preset is not valid JSON", "The preset must be a JSON object.", out var file, out var error))
        {
            return Problems.BadRequest(error);
        }

        if (PresetFile.Read(file) is not { } preset)
        {
            return Problems.BadRequest("This is not a preset: send a SillyTavern chat-completion or text-completion preset, or one exported here.");
        }

        var name = Query<string>("name", isRequired: false) is { Length: > 0 } given ? given
            : preset.Name ?? UploadNames.Of(fileName, Preset.NameLength) ?? PresetFile.DefaultName;
        var request = new CreatePresetRequest(name, preset.Settings);
        var validation = await new PresetFieldsValidator(inference).ValidateAsync(request, ct);
        if (preset.SeedProblem is { } seedProblem)
        {
            validation.Errors.Add(new ValidationFailure("settings.seed", seedProblem));
        }

        if (!validation.IsValid)
        {
            return FileProblems.Invalid(validation);
        }

        var (saved, problem) = await CreatePresetEndpoint.SaveNewAsync(db, me.Id, clock, request, ct);
        return saved is null
            ? problem!
            : CreatePresetEndpoint.Created(new ImportedPresetView(PresetView.From(saved), preset.Ignored), Imported(preset.Ignored));
    }

    /// <summary>"Preset imported.", naming the first of what was not taken: a SillyTavern preset leaves out dozens.</summary>
    private static string Imported(IReadOnlyList<string> ignored) => ignored.Count switch
    {
        0 => "Preset imported.",
        <= ShownIgnored => $"Preset imported. Not taken, as KissChat has no place for them: {string.Join(", ", ignored)}.",
        _ => $"Preset imported. Not taken, as KissChat has no place for them: {string.Join(", ", ignored.Take(ShownIgnored))} and {ignored.Count - ShownIgnored} more (all in 'ignored').",
    };
}
