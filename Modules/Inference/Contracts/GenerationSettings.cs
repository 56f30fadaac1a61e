namespace KissChat.Inference.Contracts;

/// <summary>
/// How a reply is generated, every setting optional: a request's overrides, a chat's settings and a saved preset all
/// have this shape, and each setting comes from the first of them that sets it (request, chat, preset), else from the
/// server (<see cref="InferenceOptions.Complete"/>).
/// </summary>
public record GenerationSettings
{
    /// <summary>One of <c>Inference:AllowedModels</c>.</summary>
    public string? Model { get; init; }

    /// <summary>Up to <c>Inference:MaxTokensLimit</c>.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>0 to 2.</summary>
    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public int? TopK { get; init; }

    public double? MinP { get; init; }

    public double? FrequencyPenalty { get; init; }

    public double? PresencePenalty { get; init; }

    public double? RepetitionPenalty { get; init; }

    /// <summary>Text that ends the reply where the model writes it (up to <c>Inference:Sampling:MaxStopSequences</c>).</summary>
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>Makes sampling repeatable on servers that honour it.</summary>
    public long? Seed { get; init; }

    /// <summary>How much a thinking model reasons before it answers: one of <see cref="ReasoningEfforts.All"/>; unset, the model's own default.</summary>
    public string? ReasoningEffort { get; init; }

    /// <summary>This one's values and, for what it leaves unset, <paramref name="fallback"/>'s.</summary>
    public GenerationSettings Over(GenerationSettings? fallback) => new()
    {
        Model = Model ?? fallback?.Model,
        MaxTokens = MaxTokens ?? fallback?.MaxTokens,
        Temperature = Temperature ?? fallback?.Temperature,
        TopP = TopP ?? fallback?.TopP,
        TopK = TopK ?? fallback?.TopK,
        MinP = MinP ?? fallback?.MinP,
        FrequencyPenalty = FrequencyPenalty ?? fallback?.FrequencyPenalty,
        PresencePenalty = PresencePenalty ?? fallback?.PresencePenalty,
        RepetitionPenalty = RepetitionPenalty ?? fallback?.RepetitionPenalty,
        Stop = Stop ?? fallback?.Stop,
        Seed = Seed ?? fallback?.Seed,
        ReasoningEffort = ReasoningEffort ?? fallback?.ReasoningEffort,
    };
}
