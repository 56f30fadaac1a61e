using KissChat.Chats.Data;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.ManageChat;

internal static class DeleteChatEndpoint
{
    /// <summary>Deletes the chat and its messages; a reply still running for it is stopped first.</summary>
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> Handle(
        Guid id, CurrentUser me, KissChatDbContext db, IJobs jobs, CancellationToken cancellationToken)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, id, me.Id, cancellationToken);
        if (chat is null)
        {
            return problem!;
        }

        if (await jobs.FindUnfinishedAsync(id, cancellationToken) is { } running)
        {
            await jobs.RequestStopAsync(running.Id, cancellationToken);
        }

        await db.Set<Chat>().Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.Ok(new MessageResponse("Chat deleted."));
    }
}
