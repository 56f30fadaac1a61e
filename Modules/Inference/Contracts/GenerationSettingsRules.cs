using FluentValidation;

namespace KissChat.Inference.Contracts;

/// <summary>The bounds every <see cref="GenerationSettings"/> a client sends is checked against; validators include them.</summary>
/// <param name="inference">
/// Read at validation time: validators live as long as the process, the settings belong to the server that answers.
/// </param>
public sealed class GenerationSettingsRules : AbstractValidator<GenerationSettings>
{
    /// <summary>OpenAI's highest temperature, which OpenAI-compatible servers follow.</summary>
    public const double MaxTemperature = 2;

    public GenerationSettingsRules(Func<InferenceOptions> inference)
    {
        RuleFor(r => r.MaxTokens)
            .Must(t => t >= 1 && t <= inference().MaxTokensLimit)
            .WithMessage(_ => $"'max_tokens' must be between 1 and {inference().MaxTokensLimit}.")
            .When(r => r.MaxTokens is not null);
        RuleFor(r => r.Temperature).InclusiveBetween(0, MaxTemperature).When(r => r.Temperature is not null);
        RuleFor(r => r.Model)
            .Must(m => inference().IsModelAllowed(m!))
            .WithMessage(_ => $"'model' must be one of: {string.Join(", ", inference().AllowedModels)}.")
            .When(r => r.Model is not null);
        InRange(r => r.TopP, "top_p", limits => limits.TopP);
        InRange(r => r.TopK, "top_k", limits => limits.TopK);
        InRange(r => r.MinP, "min_p", limits => limits.MinP);
        InRange(r => r.FrequencyPenalty, "frequency_penalty", limits => limits.FrequencyPenalty);
        InRange(r => r.PresencePenalty, "presence_penalty", limits => limits.PresencePenalty);
        InRange(r => r.RepetitionPenalty, "repetition_penalty", limits => limits.RepetitionPenalty);
        RuleFor(r => r.Seed).GreaterThanOrEqualTo(0).When(r => r.Seed is not null);
        RuleFor(r => r.ReasoningEffort)
            .Must(effort => ReasoningEfforts.All.Contains(effort))
            .WithMessage($"'reasoning_effort' must be one of: {string.Join(", ", ReasoningEfforts.All)}.")
            .When(r => r.ReasoningEffort is not null);
        RuleFor(r => r.Stop)
            .Must(stop => stop!.Count <= inference().Sampling.MaxStopSequences)
            .WithMessage(_ => $"'stop' may hold at most {inference().Sampling.MaxStopSequences} strings.")
            .When(r => r.Stop is not null);
        RuleForEach(r => r.Stop)
            .Must(s => !string.IsNullOrEmpty(s) && s.Length <= inference().Sampling.MaxStopLength && !s.Contains('\0', StringComparison.Ordinal))
            .WithMessage(_ => $"Each stop string must be 1 to {inference().Sampling.MaxStopLength} characters, without NUL.");

        void InRange<T>(System.Linq.Expressions.Expression<Func<GenerationSettings, T?>> setting, string name, Func<SamplingLimits, SamplerRange> range)
            where T : struct, IConvertible
        {
            var read = setting.Compile();
            RuleFor(setting)
                .Must(value => range(inference().Sampling).Allows(Convert.ToDouble(value!.Value, System.Globalization.CultureInfo.InvariantCulture)))
                .WithMessage(_ => $"'{name}' must be between {range(inference().Sampling).Min} and {range(inference().Sampling).Max}.")
                .When(r => read(r) is not null);
        }
    }
}
