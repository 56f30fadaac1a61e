namespace KissChat.Inference.Contracts;

/// <summary>
/// Effective inference settings, resolved once at startup from the provider keys
/// (<c>AI_PROVIDER</c>, <c>VASTAI_*</c>, <c>OPENROUTER_*</c>) and the <c>Inference</c> section.
/// </summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    public InferenceProvider Provider { get; init; } = InferenceProvider.Demo;

    /// <summary>Base URL of the OpenAI-compatible API, ending in <c>/v1</c>; null for the demo provider.</summary>
    public Uri? Endpoint { get; init; }

    // Internal so the secret never leaves the module through anything that serializes or logs these options.
    internal string ApiKey { get; init; } = "";

    /// <summary>Model used when a request does not name one; always in <see cref="AllowedModels"/>.</summary>
    public string DefaultModel { get; init; } = DemoChatClient.ModelId;

    public IReadOnlyList<string> AllowedModels { get; init; } = [DemoChatClient.ModelId];

    public int MaxTokens { get; init; } = 1024;

    /// <summary>Upper bound a caller may ask for per reply.</summary>
    public int MaxTokensLimit { get; init; } = 4096;

    public float Temperature { get; init; } = 0.7f;

    /// <summary>Prompt tokens a chat's prompt is trimmed to, see <see cref="ContextWindow"/>, unless its model has its own.</summary>
    public int ContextBudgetTokens { get; init; } = 6000;

    /// <summary>The prompt budget of particular models (<c>Inference:ContextBudgets:&lt;model&gt;</c>), for those whose window differs.</summary>
    public IReadOnlyDictionary<string, int> ContextBudgets { get; init; } = new Dictionary<string, int>();

    /// <summary>How prompts are counted: <c>o200k</c>, <c>cl100k</c> or <c>estimate</c> (<c>Inference:Tokenizer</c>).</summary>
    public string Tokenizer { get; init; } = TokenCounting.O200k;

    public SamplingLimits Sampling { get; init; } = new();

    /// <summary>How long the provider may take to produce the first piece of text.</summary>
    public TimeSpan FirstTokenTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest allowed gap between streamed chunks once text is flowing.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Whether a <c>&lt;think&gt;</c> block that opens a reply is read as the model's reasoning (<c>Inference:ThinkTags</c>).</summary>
    public bool ThinkTags { get; init; } = true;

    /// <summary>
    /// Whether a plain-http endpoint speaks HTTP/2 without being asked (h2c with prior knowledge), so that replies share
    /// its connections; HTTPS endpoints use HTTP/2 whenever they offer it.
    /// </summary>
    public bool CleartextHttp2 { get; init; }

    public TimeSpan DemoWordDelay { get; init; } = TimeSpan.FromMilliseconds(30);

    public bool IsModelAllowed(string model) =>
        model == DefaultModel || AllowedModels.Contains(model, StringComparer.Ordinal);

    public int ContextBudgetFor(string model) => ContextBudgets.TryGetValue(model, out var budget) ? budget : ContextBudgetTokens;

    /// <summary>
    /// The settings a reply is sent with: <paramref name="chosen"/> where it is still within this server's bounds (a saved
    /// preset may predate a tighter limit or a removed model), this server's defaults for the rest.
    /// </summary>
    public GenerationSettings Complete(GenerationSettings chosen) => new()
    {
        Model = chosen.Model is { } model && IsModelAllowed(model) ? model : DefaultModel,
        MaxTokens = Math.Clamp(chosen.MaxTokens ?? MaxTokens, 1, MaxTokensLimit),
        // Through decimal, so the float setting 0.7 is 0.7 and not 0.699999988.
        Temperature = Math.Clamp(chosen.Temperature ?? (double)(decimal)Temperature, 0, 2),
        TopP = Sampling.TopP.Clamp(chosen.TopP ?? Sampling.TopP.Default),
        TopK = (int?)Sampling.TopK.Clamp(chosen.TopK ?? Sampling.TopK.Default),
        MinP = Sampling.MinP.Clamp(chosen.MinP ?? Sampling.MinP.Default),
        FrequencyPenalty = Sampling.FrequencyPenalty.Clamp(chosen.FrequencyPenalty ?? Sampling.FrequencyPenalty.Default),
        PresencePenalty = Sampling.PresencePenalty.Clamp(chosen.PresencePenalty ?? Sampling.PresencePenalty.Default),
        RepetitionPenalty = Sampling.RepetitionPenalty.Clamp(chosen.RepetitionPenalty ?? Sampling.RepetitionPenalty.Default),
        Stop = chosen.Stop?.Take(Sampling.MaxStopSequences).ToList(),
        Seed = chosen.Seed,
        ReasoningEffort = chosen.ReasoningEffort,
    };
}
