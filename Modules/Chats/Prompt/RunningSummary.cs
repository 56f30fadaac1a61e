using KissChat.Chats.Data;
using KissChat.Inference.Contracts;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace KissChat.Chats.Prompt;

/// <summary>
/// Fits the history to the budget and, when older messages had to go, puts the chat's running summary where they were
/// (after the greeting, before the oldest message kept), making room for it first.
/// </summary>
internal static class RunningSummary
{
    /// <param name="prompt">The system message, then the history, oldest first.</param>
    /// <param name="older">Messages of the chat before the history (never loaded, so left out in any case).</param>
    /// <param name="summary">The summary's text as the prompt carries it; null when the chat has none.</param>
    /// <returns>The system message and the history that fits, with the summary in it when it went in.</returns>
    public static (IReadOnlyList<AiChatMessage> Fitted, AiChatMessage? Summary) Fit(
        IReadOnlyList<AiChatMessage> prompt, int older, string? summary, int available, ITokenCounter counter)
    {
        var fitted = ContextWindow.Fit(prompt, available, counter);
        if (summary is null || (older == 0 && fitted.Count == prompt.Count))
        {
            return (fitted, null);
        }

        var block = new AiChatMessage(ChatRole.System, summary);
        fitted = ContextWindow.Fit(prompt, Math.Max(1, available - ContextWindow.Tokens(block, counter)), counter);
        // Where the fitting kept a greeting (an assistant message right after the system message), the summary follows it.
        var at = prompt.Count > 2 && prompt[1].Role == ChatRole.Assistant ? 2 : 1;
        return ([.. fitted.Take(at), block, .. fitted.Skip(at)], block);
    }

    /// <summary>The position of the newest message the prompt leaves out (what a summary must cover), 0 when none is.</summary>
    /// <param name="messages">The history as sent, one for each of <paramref name="history"/>.</param>
    public static int DroppedThroughSeq(IReadOnlyList<HistoryMessage> history, IReadOnlyList<AiChatMessage> messages, IReadOnlyList<AiChatMessage> fitted, int older)
    {
        var kept = new HashSet<AiChatMessage>(fitted, ReferenceEqualityComparer.Instance);
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (!kept.Contains(messages[i]))
            {
                return history[i].Seq;
            }
        }

        // Only messages never loaded are left out: they lie between the greeting and the oldest message loaded.
        var firstRecent = history.Count > 1 && history[0].Role == ChatRoles.Assistant ? 1 : 0;
        return older > 0 && history.Count > firstRecent ? history[firstRecent].Seq - 1 : 0;
    }
}
