using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Memory;

/// <summary>
/// The snapshots of a chat's running summary (<see cref="ChatMemorySnapshot"/>), written within the change that stored
/// the summary: the newest one is the summary as it stands, so a change to a covered message can take it back to the
/// newest one before that message.
/// </summary>
internal static class MemorySnapshots
{
    /// <summary>
    /// Snapshots kept per chat. A round after each few replies makes one (at 400 tokens each, more than the messages they
    /// fold when those are short), so older ones are thinned out, evenly: a change then redoes at most about
    /// <c>2 × the chat's length / MaxKept</c> messages more than with every snapshot kept.
    /// </summary>
    public const int MaxKept = 100;

    /// <summary>
    /// Within the write that stored <paramref name="summary"/> as the summary of <paramref name="memoryId"/>: it is the newest
    /// snapshot (none for <see cref="SummaryThrough.None"/>), and those at or after what it covers, from the summary it
    /// replaced, go.
    /// </summary>
    public static async Task KeepAsync(KissChatDbContext db, Guid memoryId, SummaryThrough summary, CancellationToken cancellationToken)
    {
        // An emptied summary (a user's) leaves none of the older ones to go back to either: a change would bring one back.
        var from = summary.Summary.Length == 0 ? 0 : summary.ThroughSeq;
        await db.Set<ChatMemorySnapshot>().Where(s => s.MemoryId == memoryId && s.ThroughSeq >= from).ExecuteDeleteAsync(cancellationToken);
        if (summary.Summary.Length == 0)
        {
            return;
        }

        db.Add(new ChatMemorySnapshot { MemoryId = memoryId, ThroughSeq = summary.ThroughSeq, Summary = summary.Summary });
        await db.SaveChangesAsync(cancellationToken);
        await ThinAsync(db, memoryId, cancellationToken);
    }

    /// <summary>
    /// Drops the snapshots of the chat's summary from position <paramref name="seq"/> on: within a change of its messages
    /// from there, once the summary went back to the one before.
    /// </summary>
    public static Task DropFromAsync(KissChatDbContext db, Guid chatId, int seq, CancellationToken cancellationToken) =>
        db.Set<ChatMemorySnapshot>()
            .Where(s => s.ThroughSeq >= seq && OfChat(db, chatId).Contains(s.MemoryId))
            .ExecuteDeleteAsync(cancellationToken);

    /// <summary>
    /// The chat's memory, as the id its snapshots are kept under. As <c>IN (…)</c> it finds them by their key; SQLite reads
    /// a correlated <c>EXISTS</c> for every snapshot of every chat.
    /// </summary>
    public static IQueryable<Guid> OfChat(KissChatDbContext db, Guid chatId) =>
        db.Set<ChatMemory>().Where(m => m.ChatId == chatId).Select(m => m.Id);

    /// <summary>Over <see cref="MaxKept"/>: drops the one (never the newest) whose neighbours are closest, which keeps the rest about evenly spread.</summary>
    private static async Task ThinAsync(KissChatDbContext db, Guid memoryId, CancellationToken cancellationToken)
    {
        var kept = await db.Set<ChatMemorySnapshot>().Where(s => s.MemoryId == memoryId).OrderBy(s => s.ThroughSeq).Select(s => s.ThroughSeq)
            .ToListAsync(cancellationToken);
        if (kept.Count <= MaxKept)
        {
            return;
        }

        var dropped = kept[Enumerable.Range(0, kept.Count - 1).MinBy(i => kept[i + 1] - (i == 0 ? 0 : kept[i - 1]))];
        await db.Set<ChatMemorySnapshot>().Where(s => s.MemoryId == memoryId && s.ThroughSeq == dropped).ExecuteDeleteAsync(cancellationToken);
    }
}
