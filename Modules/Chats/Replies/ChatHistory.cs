using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KissChat.Chats.Data;
using KissChat.Chats.Prompt;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Replies;

internal static class ChatHistory
{
    // The completed frame of every reply carries it.
    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, int, IAsyncEnumerable<HistoryEntry>>> All =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid chatId, int untilSeq) =>
            db.Set<ChatMessage>().AsNoTracking().Where(m => m.ChatId == chatId && m.Seq <= untilSeq).OrderBy(m => m.Seq).Select(m => new HistoryEntry(m.Role, m.Content))));

    // The frames' own options: the frame is serialized with them, so the value is written without another lookup.
    private static readonly JsonTypeInfo<List<HistoryEntry>> Entries =
        (JsonTypeInfo<List<HistoryEntry>>)ServerSentEvents.FrameJson.GetTypeInfo(typeof(List<HistoryEntry>));

    /// <summary>
    /// The history as one JSON value, written when its frame is serialized: every reply carries the whole chat, so it
    /// goes straight into the frame's bytes instead of first becoming a node per message and per field.
    /// </summary>
    public static JsonNode Json(List<HistoryEntry> history) => JsonValue.Create(history, Entries)!;

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
