using Microsoft.Extensions.AI;

namespace KissChat.Inference.Contracts;

/// <summary>Trims a chat history so the prompt fits the model's context budget.</summary>
public static class ContextWindow
{
    // Role markers and separators that chat templates wrap around every message.
    private const int PerMessageOverheadTokens = 4;

    /// <summary>
    /// Rough token count: a quarter of the characters, rounded up, plus a fixed per-message overhead.
    /// Real tokenizers differ per model; four characters per token is the usual English average and
    /// errs on the safe side for the models we run, which is all a budget check needs.
    /// </summary>
    public static int EstimateTokens(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ((message.Text.Length + 3) / 4) + PerMessageOverheadTokens;
    }

    /// <summary>
    /// Returns the messages to send, in their original order. Always kept: the leading system
    /// message(s), the character's greeting (an assistant message right after them) and the newest
    /// message. Between those, the oldest turns are dropped first until the estimate fits
    /// <paramref name="budgetTokens"/>; if the kept messages alone exceed it, they are returned anyway.
    /// </summary>
    public static IReadOnlyList<ChatMessage> Fit(IReadOnlyList<ChatMessage> history, int budgetTokens)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budgetTokens);
        if (history.Count == 0)
        {
            return [];
        }

        var newest = history.Count - 1;
        var pinned = PinnedPrefixLength(history, newest);
        var total = history.Sum(EstimateTokens);
        var firstKept = pinned;
        while (total > budgetTokens && firstKept < newest)
        {
            total -= EstimateTokens(history[firstKept]);
            firstKept++;

            // Drop whole turns: a reply whose prompt is gone confuses the model and breaks
            // chat templates that require user and assistant messages to alternate.
            while (firstKept < newest && history[firstKept].Role != ChatRole.User)
            {
                total -= EstimateTokens(history[firstKept]);
                firstKept++;
            }
        }

        return [.. history.Take(pinned), .. history.Skip(firstKept)];
    }

    private static int PinnedPrefixLength(IReadOnlyList<ChatMessage> history, int newest)
    {
        var length = 0;
        while (length < newest && history[length].Role == ChatRole.System)
        {
            length++;
        }

        var greetingFollows = length < newest && history[length].Role == ChatRole.Assistant;
        return greetingFollows ? length + 1 : length;
    }
}
