using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Replies;

internal sealed record HistoryEntry(string Role, string Content);

internal static class ChatHistory
{
    /// <summary>The seed's <c>chatHistory</c>: every message up to and including <paramref name="untilSeq"/>.</summary>
    public static Task<List<HistoryEntry>> UntilAsync(KissChatDbContext db, Guid chatId, int untilSeq, CancellationToken cancellationToken) =>
        db.Set<ChatMessage>().AsNoTracking()
            .Where(m => m.ChatId == chatId && m.Seq <= untilSeq)
            .OrderBy(m => m.Seq)
            .Select(m => new HistoryEntry(m.Role, m.Content))
            .ToListAsync(cancellationToken);
}
