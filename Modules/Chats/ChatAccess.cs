using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats;

internal static class ChatAccess
{
    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, CancellationToken, Task<Chat?>>> ById =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid chatId, CancellationToken _) => db.Set<Chat>().FirstOrDefault(c => c.Id == chatId)));

    /// <summary>The chat, tracked for changing (every write and every reply reads it).</summary>
    public static Task<Chat?> FindAsync(KissChatDbContext db, Guid chatId, CancellationToken cancellationToken) =>
        ById.For(db)(db, chatId, cancellationToken);

    /// <summary>The chat if it is the user's; otherwise the 404 or 403 to answer.</summary>
    public static async Task<(Chat? Chat, ProblemHttpResult? Problem)> FindOwnAsync(
        KissChatDbContext db, Guid chatId, Guid userId, CancellationToken cancellationToken)
    {
        var chat = await FindAsync(db, chatId, cancellationToken);
        if (chat is null)
        {
            return (null, Problems.NotFound("Chat not found."));
        }

        return chat.UserId == userId ? (chat, null) : (null, Problems.Forbidden("This chat belongs to another user."));
    }
}
