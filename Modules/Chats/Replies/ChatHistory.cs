using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;

namespace KissChat.Chats.Replies;

internal sealed record HistoryEntry(string Role, string Content);

internal static class ChatHistory
{
    /// <summary>
    /// The opening (system prompt and greeting) plus the most recent messages, oldest first: enough to fill any
    /// context budget without reading a whole long chat on every turn.
    /// </summary>
    /// <param name="untilSeq">The last message to include (a regeneration stops before the message it replaces).</param>
    public static async Task<List<AiChatMessage>> ForModelAsync(KissChatDbContext db, Guid chatId, int untilSeq, int recentLimit, CancellationToken cancellationToken)
    {
        var messages = db.Set<ChatMessage>().AsNoTracking().Where(m => m.ChatId == chatId && m.Seq <= untilSeq);
        var opening = await messages.Where(m => m.Seq <= 2).OrderBy(m => m.Seq).ToListAsync(cancellationToken);
        var recent = await messages.Where(m => m.Seq > 2).OrderByDescending(m => m.Seq).Take(recentLimit).ToListAsync(cancellationToken);
        return opening.Concat(recent.AsEnumerable().Reverse())
            .Select(m => new AiChatMessage(new AiChatRole(m.Role), m.Content))
            .ToList();
    }

    /// <summary>The seed's <c>chatHistory</c>: every message up to and including <paramref name="untilSeq"/>.</summary>
    public static Task<List<HistoryEntry>> UntilAsync(KissChatDbContext db, Guid chatId, int untilSeq, CancellationToken cancellationToken) =>
        db.Set<ChatMessage>().AsNoTracking()
            .Where(m => m.ChatId == chatId && m.Seq <= untilSeq)
            .OrderBy(m => m.Seq)
            .Select(m => new HistoryEntry(m.Role, m.Content))
            .ToListAsync(cancellationToken);
}
