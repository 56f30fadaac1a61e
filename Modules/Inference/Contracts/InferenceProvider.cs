namespace KissChat.Inference.Contracts;

/// <summary>Which backend answers chat requests; chosen once at startup from <c>AI_PROVIDER</c>.</summary>
public enum InferenceProvider
{
    /// <summary>A self-hosted OpenAI-compatible server (e.g. Ollama or vLLM on a rented GPU).</summary>
    VastAi,

    /// <summary>The OpenRouter hosted API.</summary>
    OpenRouter,

    /// <summary>The built-in offline echo model, so the app runs with no setup at all.</summary>
    Demo,
}
