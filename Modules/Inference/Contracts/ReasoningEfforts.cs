namespace KissChat.Inference.Contracts;

/// <summary>
/// The values of <c>reasoning_effort</c>: OpenAI's, which OpenRouter takes for every thinking model it serves (as its
/// <c>reasoning.effort</c>) and vLLM and Ollama read too; a model that has fewer levels takes the nearest or refuses.
/// </summary>
public static class ReasoningEfforts
{
    public const string Minimal = "minimal";
    public const string Max = "max";

    public static readonly IReadOnlyList<string> All = ["none", Minimal, "low", "medium", "high", "xhigh", Max];
}
