using KissChat.Chats.Data;
using KissChat.Chats.Prompt;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Replies;

internal static class ChatHistory
{
    // The completed frame of every reply carries it.
    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, int, IAsyncEnumerable<HistoryEntry>>> All =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid chatId, int untilSeq) =>
            db.Set<ChatMessage>().AsNoTracking().Where(m => m.ChatId == chatId && m.Seq <= untilSeq).OrderBy(m => m.Seq).Select(m => new HistoryEntry(m.Role, m.Content))));

    /// <summary>The seed's <c>chatHistory</c> from messages already read: every one, or only the <paramref name="last"/> ones.</summary>
    public static List<HistoryEntry> Of(IEnumerable<HistoryEntry> messages, int? last) => [.. last is { } count ? messages.TakeLast(count) : messages];

    /// <summary>
    /// The seed's <c>chatHistory</c>: every message up to and including <paramref name="untilSeq"/>, or only the
    /// <paramref name="last"/> ones.
    /// </summary>
    public static async Task<List<HistoryEntry>> UntilAsync(KissChatDbContext db, Guid chatId, int untilSeq, int? last, CancellationToken cancellationToken)
    {
        if (last is not { } count)
        {
            return await All.For(db)(db, chatId, untilSeq).ToListAsync(cancellationToken);
        }

        if (count == 0)
        {
            return [];
        }

        var newest = await db.Set<ChatMessage>().AsNoTracking().Where(m => m.ChatId == chatId && m.Seq <= untilSeq).OrderByDescending(m => m.Seq).Take(count).Select(m => new HistoryEntry(m.Role, m.Content)).ToListAsync(cancellationToken);
        newest.Reverse();
        return newest;
    }
}
