namespace KissChat.Inference.Contracts;

/// <summary>What a request, a chat or a preset may set each sampler to, and what the server sends when none does.</summary>
/// <param name="Default">Sent when nothing else sets it; null sends nothing and leaves it to the model server.</param>
public sealed record SamplerRange(double Min, double Max, double? Default = null)
{
    public bool Allows(double value) => value >= Min && value <= Max;

    public double? Clamp(double? value) => value is { } v ? Math.Clamp(v, Min, Max) : null;
}

/// <summary>The bounds of <c>Inference:Sampling</c>.</summary>
public sealed record SamplingLimits
{
    public SamplerRange TopP { get; init; } = new(0, 1);

    public SamplerRange TopK { get; init; } = new(0, 500);

    public SamplerRange MinP { get; init; } = new(0, 1);

    public SamplerRange FrequencyPenalty { get; init; } = new(-2, 2);

    public SamplerRange PresencePenalty { get; init; } = new(-2, 2);

    public SamplerRange RepetitionPenalty { get; init; } = new(0, 3);

    /// <summary>OpenAI's own API takes at most four.</summary>
    public int MaxStopSequences { get; init; } = 4;

    public int MaxStopLength { get; init; } = 100;
}
