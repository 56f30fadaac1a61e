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
        List<MessageSwipe> read = [];
        // In batches: a query has at most 32,766 parameters on SQLite, and a long chat has more replies than that.
        foreach (var ids in rows.Where(m => m.Role == ChatRoles.Assistant).Select(m => m.Id).Chunk(SwipesPerQuery))
        {
            read.AddRange(await db.Set<MessageSwipe>().AsNoTracking().Where(s => ids.Contains(s.MessageId)).ToListAsync(cancellationToken));
        }

        var swipes = read.ToLookup(s => s.MessageId);
        return rows.Select(m =>
            {
                var own = swipes.Contains(m.Id) || m.Role != ChatRoles.Assistant ? swipes[m.Id].OrderBy(s => s.Index).ToList() : [FirstSwipe.Of(m)];
                return new MessageView(
                    m.Id, m.Seq, m.Role, m.Content, m.Status, m.SwipeIndex, [.. own.Select(s => s.Content)], m.CreatedAt, m.CharacterId, Hidden: m.Hidden, Reasoning: m.Reasoning,
                    SwipeDates: [.. own.Select(s => s.CreatedAt)], SwipeReasoning: [.. own.Select(s => s.Reasoning)]);
            })
            .ToList();
    }
}
