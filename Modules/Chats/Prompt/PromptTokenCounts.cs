using KissChat.Inference.Contracts;

namespace KissChat.Chats.Prompt;

/// <summary>Counts each distinct text once per prompt: the history is counted for the budget more than once.</summary>
internal sealed class PromptTokenCounts(ITokenCounter counter) : ITokenCounter
{
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);

    public string Name => counter.Name;

    public int Count(string text)
    {
        if (!counts.TryGetValue(text, out var tokens))
        {
            tokens = counter.Count(text);
            counts[text] = tokens;
        }

        return tokens;
    }
}
