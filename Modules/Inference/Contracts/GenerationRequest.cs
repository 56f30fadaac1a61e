using Microsoft.Extensions.AI;

namespace KissChat.Inference.Contracts;

/// <summary>Turns completed <see cref="GenerationSettings"/> into the options a model client takes.</summary>
public static class GenerationRequest
{
    /// <summary>Keys of <see cref="ChatOptions.AdditionalProperties"/> sent as body fields of the same name.</summary>
    public const string MinP = "min_p";

    /// <inheritdoc cref="MinP"/>
    public const string RepetitionPenalty = "repetition_penalty";

    /// <inheritdoc cref="MinP"/>
    public const string TopK = "top_k";

    /// <inheritdoc cref="MinP"/>
    public const string ReasoningEffort = "reasoning_effort";

    /// <param name="settings">What <see cref="InferenceOptions.Complete"/> gave: unset samplers are not sent at all.</param>
    public static ChatOptions Options(GenerationSettings settings)
    {
        var options = new ChatOptions
        {
            ModelId = settings.Model,
            MaxOutputTokens = settings.MaxTokens,
            Temperature = (float?)settings.Temperature,
            TopP = (float?)settings.TopP,
            TopK = settings.TopK,
            FrequencyPenalty = (float?)settings.FrequencyPenalty,
            PresencePenalty = (float?)settings.PresencePenalty,
            Seed = settings.Seed,
            StopSequences = settings.Stop is { Count: > 0 } stop ? [.. stop] : null,
        };
        if (settings.MinP is not null || settings.RepetitionPenalty is not null || settings.ReasoningEffort is not null)
        {
            options.AdditionalProperties = [];
            if (settings.MinP is { } minP)
            {
                options.AdditionalProperties[MinP] = minP;
            }

            if (settings.RepetitionPenalty is { } penalty)
            {
                options.AdditionalProperties[RepetitionPenalty] = penalty;
            }

            if (settings.ReasoningEffort is { } effort)
            {
                options.AdditionalProperties[ReasoningEffort] = effort;
            }
        }

        return options;
    }
}
