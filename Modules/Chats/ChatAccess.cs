using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats;

internal static class ChatAccess
{
    /// <summary>The chat if it is the user's; otherwise the 404 or 403 to answer.</summary>
    public static async Task<(Chat? Chat, ProblemHttpResult? Problem)> FindOwnAsync(
        KissChatDbContext db, Guid chatId, Guid userId, CancellationToken cancellationToken)
    {
        var chat = await db.Set<Chat>().FirstOrDefaultAsync(c => c.Id == chatId, cancellationToken);
        if (chat is null)
        {
            return (null, Problems.NotFound("Chat not found."));
        }

        return chat.UserId == userId ? (chat, null) : (null, Problems.Forbidden("This chat belongs to another user."));
    }
}
