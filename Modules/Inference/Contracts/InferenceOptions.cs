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

    /// <summary>Estimated prompt tokens a chat history is trimmed to, see <see cref="ContextWindow"/>.</summary>
    public int ContextBudgetTokens { get; init; } = 6000;

    /// <summary>How long the provider may take to produce the first piece of text.</summary>
    public TimeSpan FirstTokenTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest allowed gap between streamed chunks once text is flowing.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(300);

    public TimeSpan DemoWordDelay { get; init; } = TimeSpan.FromMilliseconds(30);

    public bool IsModelAllowed(string model) =>
        model == DefaultModel || AllowedModels.Contains(model, StringComparer.Ordinal);
}
