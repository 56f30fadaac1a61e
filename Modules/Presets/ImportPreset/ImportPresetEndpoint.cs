using System.Text.Json;
using System.Text.Json.Nodes;
using FastEndpoints;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Presets.CreatePreset;
using KissChat.Presets.Formats;

namespace KissChat.Presets.ImportPreset;

/// <summary>
/// Creates a preset from a SillyTavern chat- or text-completion preset, or from one exported here, checked against the
/// same rules as a preset written by hand (a sampler out of this server's bounds is a field error, not clamped).
/// </summary>
internal sealed class ImportPresetEndpoint(KissChatDbContext db, CurrentUser me, TimeProvider clock, Func<InferenceOptions> inference)
    : EndpointWithoutRequest<Results<Created<MessageDataResponse<PresetView>>, ProblemHttpResult, ValidationProblem>>
{
    public override void Configure()
    {
        Post("/import");
        Group<PresetsGroup>();
        Description(b => b.WithName("ImportPreset").Accepts<JsonObject>("application/json").ProducesProblems(400, 413));
        Summary(s =>
        {
            s.Summary = "Import a preset: a SillyTavern chat-completion or text-completion preset file, or one exported here.";
            s.Description = "The body is the file's JSON. Its samplers and reply length are taken, not its model or prompts. "
                + "Name it with ?name= (SillyTavern names a preset after its file); else its own name, else \"" + PresetFile.DefaultName + "\".";
        });
    }

    public override async Task<Results<Created<MessageDataResponse<PresetView>>, ProblemHttpResult, ValidationProblem>> ExecuteAsync(CancellationToken ct)
    {
        JsonObject? file;
        try
        {
            file = await JsonNode.ParseAsync(HttpContext.Request.Body, cancellationToken: ct) as JsonObject;
        }
        catch (JsonException)
        {
            return Problems.BadRequest("The preset is not valid JSON.");
        }

        if (file is null || PresetFile.Read(file) is not { } preset)
        {
            return Problems.BadRequest("This is not a preset: send a SillyTavern chat-completion or text-completion preset, or one exported here.");
        }

        var name = Query<string>("name", isRequired: false) is { Length: > 0 } given ? given : preset.Name ?? PresetFile.DefaultName;
        var request = new CreatePresetRequest(name, preset.Settings);
        var validation = await new PresetFieldsValidator(inference).ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            return FileProblems.Invalid(validation);
        }

        return await CreatePresetEndpoint.SaveNewAsync(db, me.Id, clock, request, "Preset imported.", ct);
    }
}
