using Microsoft.Extensions.AI;

namespace KissChat.Inference.Contracts;

/// <summary>Trims a chat history so the prompt fits the model's context budget.</summary>
public static class ContextWindow
{
    /// <summary>Role markers and separators that chat templates wrap around every message.</summary>
    public const int PerMessageOverheadTokens = 4;

    /// <summary>The message's text as <paramref name="counter"/> counts it, plus the per-message overhead.</summary>
    public static int Tokens(ChatMessage message, ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(counter);
        return counter.Count(message.Text) + PerMessageOverheadTokens;
    }

    /// <summary>
    /// Returns the messages to send, in their original order. Always kept: the leading system
    /// message(s), the character's greeting (an assistant message right after them) and the newest
    /// message. Between those, the oldest turns are dropped first until the count fits
    /// <paramref name="budgetTokens"/>; if the kept messages alone exceed it, they are returned anyway. Messages are
    /// counted from the newest back and only as far as the budget reaches: a long chat's older messages never are.
    /// </summary>
    public static IReadOnlyList<ChatMessage> Fit(IReadOnlyList<ChatMessage> history, int budgetTokens, ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budgetTokens);
        if (history.Count == 0)
        {
            return [];
        }

        var newest = history.Count - 1;
        var pinned = PinnedPrefixLength(history, newest);
        var total = history.Take(pinned).Sum(m => Tokens(m, counter)) + Tokens(history[newest], counter);
        var firstKept = newest;
        for (var i = newest - 1; i >= pinned; i--)
        {
            total += Tokens(history[i], counter);
            if (total > budgetTokens)
            {
                break;
            }

            // Whole turns only: the oldest message kept after the pinned ones is a user's (a reply whose prompt is
            // gone confuses the model and breaks chat templates that require user and assistant to alternate), unless
            // nothing had to go.
            if (i == pinned || history[i].Role == ChatRole.User)
            {
                firstKept = i;
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
