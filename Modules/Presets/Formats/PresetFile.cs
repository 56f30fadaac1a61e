using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Files;

namespace KissChat.Presets.Formats;

/// <summary>
/// The files presets travel in: SillyTavern's chat-completion presets (<c>temperature</c>, <c>openai_max_tokens</c>…), its
/// text-completion presets (<c>temp</c>, <c>rep_pen</c>, <c>genamt</c>…), and this server's own (<c>preset/list</c>'s
/// shape, or its export: a chat-completion preset with the preset's name and stop strings). The model is not carried:
/// which models may be used is each server's choice. NovelAI's presets (SillyTavern's <c>novel</c> folder) give their
/// length (<c>max_length</c>), temperature and top samplers; their repetition penalties are on NovelAI's own scales and
/// are left out, as is a temperature above OpenAI's highest. SillyTavern's <c>reasoning_effort</c> names its levels
/// <c>auto</c> (unset), <c>min</c>, <c>low</c>, <c>medium</c>, <c>high</c> and <c>max</c>.
/// </summary>
internal static class PresetFile
{
    public const string DefaultName = "Imported preset";

    /// <summary>Community presets carry long prompts, which are not kept: well over the API's usual body limit.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>The samplers a preset may set, under either kind's names: a preset of nothing but "off" values is still one.</summary>
    private static readonly string[] Samplers =
        ["temperature", "temp", "top_p", "top_k", "min_p", "frequency_penalty", "freq_pen", "presence_penalty", "presence_pen", "repetition_penalty", "rep_pen", "max_tokens", "openai_max_tokens", "genamt", "max_length", "seed", "stop", "reasoning_effort"];

    /// <summary>Members only NovelAI's presets have.</summary>
    private static readonly string[] NovelAi = ["repetition_penalty_slope", "tail_free_sampling", "phrase_rep_pen", "repetition_penalty_range"];

    /// <summary>Seeds from 0 up to this one are kept (a negative one, as in SillyTavern, asks for a random seed).</summary>
    private const double MaxSeed = 1e18;

    /// <summary>
    /// The preset's own name (SillyTavern's files have none: theirs is the file's), its settings, what is wrong with a seed
    /// it holds that no setting can (SillyTavern would send 1.5 as it is), and which of SillyTavern's members it holds were
    /// not taken (see <see cref="SillyTavernPresetMembers"/>); null when it sets no sampler.
    /// </summary>
    public static (string? Name, GenerationSettings Settings, string? SeedProblem, IReadOnlyList<string> Ignored)? Read(JsonObject file)
    {
        var values = file["settings"] as JsonObject ?? file;
        var novelAi = NovelAi.Any(values.ContainsKey);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var seed = Number(values, taken, "seed");
        var seedKept = seed is >= 0 and < MaxSeed && seed == Math.Floor(seed.Value);
        var temperature = Number(values, taken, "temperature", "temp");
        // NovelAI's temperatures (under that name) run past OpenAI's highest: such a one is not taken.
        if (novelAi && temperature > GenerationSettingsRules.MaxTemperature)
        {
            temperature = null;
            taken.Remove("temperature");
        }

        var settings = new GenerationSettings
        {
            Temperature = temperature,
            TopP = Number(values, taken, "top_p"),
            TopK = Number(values, taken, "top_k") is > 0 and <= int.MaxValue and var k ? (int)k : null,
            // SillyTavern's "off" for these (0 and 1) stays unset: sent, they are parameters a strict provider may refuse.
            MinP = Number(values, taken, "min_p") is > 0 and var minP ? minP : null,
            FrequencyPenalty = Number(values, taken, "frequency_penalty", "freq_pen"),
            PresencePenalty = Number(values, taken, "presence_penalty", "presence_pen"),
            RepetitionPenalty = !novelAi && Number(values, taken, "repetition_penalty", "rep_pen") is { } penalty && penalty != 1 ? penalty : null,
            // The first of these is the length; a text-completion preset's max_length beside its genamt is its context.
            MaxTokens = Number(values, taken, "max_tokens", "openai_max_tokens", "genamt", "max_length") is >= 0 and <= int.MaxValue and var max ? (int)max : null,
            Seed = seedKept ? (long)seed!.Value : null,
            Stop = values["stop"] is JsonArray stop ? [.. stop.Select(s => s?.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : null).OfType<string>()] : null,
            ReasoningEffort = ReasoningEffort(values["reasoning_effort"]),
        };
        var name = file["name"]?.GetValueKind() == JsonValueKind.String && file["name"]!.GetValue<string>() is { Length: > 0 } own ? own : null;
        var seedProblem = seed >= 0 && !seedKept ? $"'seed' must be a whole number below {MaxSeed:0}, or -1 for a random one." : null;
        return settings == new GenerationSettings() && !Mentions(values) ? null : (name, settings, seedProblem, SillyTavernPresetMembers.NotTaken(values, taken));
    }

    /// <summary>A SillyTavern chat-completion preset of the settings it has, which SillyTavern imports over its own.</summary>
    public static byte[] ToUtf8(string name, GenerationSettings settings)
    {
        var file = new JsonObject { ["name"] = name };
        Add(file, "temperature", settings.Temperature);
        Add(file, "top_p", settings.TopP);
        Add(file, "top_k", settings.TopK);
        Add(file, "min_p", settings.MinP);
        Add(file, "frequency_penalty", settings.FrequencyPenalty);
        Add(file, "presence_penalty", settings.PresencePenalty);
        Add(file, "repetition_penalty", settings.RepetitionPenalty);
        Add(file, "openai_max_tokens", settings.MaxTokens);
        Add(file, "seed", settings.Seed);
        if (SillyTavernEffort(settings.ReasoningEffort) is { } effort)
        {
            file["reasoning_effort"] = effort;
        }

        if (settings.Stop is { } stop)
        {
            file["stop"] = new JsonArray([.. stop.Select(s => JsonValue.Create(s))]);
        }

        return JsonFile.ToUtf8(file);
    }

    private static void Add<T>(JsonObject file, string name, T? value) where T : struct
    {
        if (value is { } set)
        {
            file[name] = JsonValue.Create(set);
        }
    }

    /// <summary>The first of the names holding a number (or a numeric string), its name added to <paramref name="taken"/>; odd members count as absent.</summary>
    private static double? Number(JsonObject values, HashSet<string> taken, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            var node = values[name];
            if (node?.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<double>(out var number) && double.IsFinite(number))
            {
                taken.Add(name);
                return number;
            }

            if (node?.GetValueKind() == JsonValueKind.String && double.TryParse(node.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
            {
                taken.Add(name);
                return parsed;
            }
        }

        return null;
    }

    private static bool Mentions(JsonObject values) => Samplers.Any(values.ContainsKey);

    /// <summary>A level either file names (SillyTavern's <c>min</c> is <c>minimal</c>); <c>auto</c> or anything else, unset.</summary>
    private static string? ReasoningEffort(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.String && node.GetValue<string>().Trim().ToLowerInvariant() is var level
            ? level == "min" ? ReasoningEfforts.Minimal : ReasoningEfforts.All.Contains(level) ? level : null
            : null;

    /// <summary>The level under SillyTavern's name; one it has no name for (<c>none</c>, <c>xhigh</c>) is left out.</summary>
    private static string? SillyTavernEffort(string? level) => level switch
    {
        ReasoningEfforts.Minimal => "min",
        "low" or "medium" or "high" or ReasoningEfforts.Max => level,
        _ => null,
    };
}
