using KissChat.Inference.Contracts;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// Completes a request's <see cref="ChatOptions"/> with the configured defaults and writes the body fields that the
/// servers we target read but OpenAI's own API lacks. The SDK maps temperature, <c>top_p</c>, the penalties,
/// <c>seed</c> and <c>stop</c> itself.
/// </summary>
internal static class CompatibleRequest
{
    public static void Apply(ChatOptions options, InferenceOptions defaults)
    {
        options.ModelId ??= defaults.DefaultModel;
        options.Temperature ??= defaults.Temperature;

        // Sent as max_tokens: Ollama, llama.cpp and older vLLM ignore OpenAI's newer max_completion_tokens,
        // which the SDK would write for MaxOutputTokens, so that one is left unset.
        var maxTokens = options.MaxOutputTokens ?? defaults.MaxTokens;
        options.MaxOutputTokens = null;
        var topK = options.TopK ?? Extra<int>(options, GenerationRequest.TopK);
        var minP = Extra<double>(options, GenerationRequest.MinP);
        var repetitionPenalty = Extra<double>(options, GenerationRequest.RepetitionPenalty);
        // Written as the field itself, as the samplers are: any level goes as the user chose it, for the server to judge.
        var reasoningEffort = options.AdditionalProperties?.TryGetValue(GenerationRequest.ReasoningEffort, out string? effort) == true ? effort : null;

        var callersFactory = options.RawRepresentationFactory;
        options.RawRepresentationFactory = client =>
        {
            var body = callersFactory?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();

            // The SDK's JSON patch is its documented way to send fields it does not model.
#pragma warning disable SCME0001
            body.Patch.Set("$.max_tokens"u8, maxTokens);
            if (topK is { } k)
            {
                body.Patch.Set("$.top_k"u8, k);
            }

            if (minP is { } p)
            {
                body.Patch.Set("$.min_p"u8, p);
            }

            if (repetitionPenalty is { } penalty)
            {
                body.Patch.Set("$.repetition_penalty"u8, penalty);
            }

            if (reasoningEffort is not null)
            {
                body.Patch.Set("$.reasoning_effort"u8, reasoningEffort);
            }
#pragma warning restore SCME0001
            return body;
        };
    }

    private static T? Extra<T>(ChatOptions options, string key)
        where T : struct =>
        options.AdditionalProperties?.TryGetValue(key, out T value) == true ? value : null;
}
