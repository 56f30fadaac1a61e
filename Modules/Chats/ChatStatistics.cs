using KissChat.Chats.Contracts;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Statistics;

namespace KissChat.Chats;

internal sealed class ChatStatistics(KissChatDbContext db) : IChatStatistics
{
    public Task<ActivityCount> CountChatsAsync(ActivityWindows windows, CancellationToken cancellationToken) =>
        db.Set<Chat>().CountActivityAsync(c => c.CreatedAt, windows, cancellationToken);
}
