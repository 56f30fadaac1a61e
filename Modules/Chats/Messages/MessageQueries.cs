using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Messages;

internal static class MessageQueries
{
    private const int SwipesPerQuery = 1_000;

    /// <summary>Messages with their swipes, in chat order.</summary>
    public static async Task<List<MessageView>> ViewsAsync(KissChatDbContext db, IQueryable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var rows = await messages.AsNoTracking().OrderBy(m => m.Seq).ToListAsync(cancellationToken);
        var swipes = await SwipesAsync(db, rows, cancellationToken);
        return [.. rows.Select(m => View(m, swipes[m.Id]))];
    }

    /// <summary>
    /// Each of the messages' swipes, in order, by message: a reply without rows of them has itself as its one swipe
    /// (<see cref="FirstSwipe"/>), other messages none.
    /// </summary>
    public static async Task<Dictionary<Guid, List<MessageSwipe>>> SwipesAsync(KissChatDbContext db, IReadOnlyList<ChatMessage> rows, CancellationToken cancellationToken)
    {
        List<MessageSwipe> read = [];
        // In batches: a query has at most 32,766 parameters on SQLite, and a long chat has more replies than that.
        foreach (var ids in rows.Where(m => m.Role == ChatRoles.Assistant).Select(m => m.Id).Chunk(SwipesPerQuery))
        {
            read.AddRange(await db.Set<MessageSwipe>().AsNoTracking().Where(s => ids.Contains(s.MessageId)).ToListAsync(cancellationToken));
        }

        var swipes = read.ToLookup(s => s.MessageId);
        return rows.ToDictionary(
            m => m.Id, m => swipes.Contains(m.Id) || m.Role != ChatRoles.Assistant ? swipes[m.Id].OrderBy(s => s.Index).ToList() : [FirstSwipe.Of(m)]);
    }

    /// <summary>The message with its swipes (<see cref="SwipesAsync"/>).</summary>
    public static MessageView View(ChatMessage message, IReadOnlyList<MessageSwipe> swipes) => new(
        message.Id, message.Seq, message.Role, message.Content, message.Status, message.SwipeIndex, [.. swipes.Select(s => s.Content)], message.CreatedAt,
        message.CharacterId, Hidden: message.Hidden, Reasoning: message.Reasoning, SwipeDates: [.. swipes.Select(s => s.CreatedAt)],
        SwipeReasoning: [.. swipes.Select(s => s.Reasoning)]);
}
