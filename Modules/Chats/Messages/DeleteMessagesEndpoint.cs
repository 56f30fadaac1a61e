using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Messages;

internal static class DeleteMessagesEndpoint
{
    /// <summary>Deletes a message and everything after it (rewinding the chat to before that point).</summary>
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> Handle(
        Guid id, Guid messageId, CurrentUser me, ChatWrites writes, KissChatDbContext db, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var problem = await writes.ChangeAsync(id, me.Id, async chat =>
        {
            var seq = await db.Set<ChatMessage>().Where(m => m.Id == messageId && m.ChatId == chat.Id).Select(m => (int?)m.Seq).FirstOrDefaultAsync(cancellationToken);
            if (seq is null)
            {
                return Problems.NotFound("Message not found in this chat.");
            }

            if (seq == 1)
            {
                return Problems.BadRequest("The system prompt cannot be deleted; delete the chat instead.");
            }

            deleted = await db.Set<ChatMessage>().Where(m => m.ChatId == chat.Id && m.Seq >= seq).ExecuteDeleteAsync(cancellationToken);
            return null;
        }, cancellationToken);
        return problem is null ? TypedResults.Ok(new MessageResponse($"Deleted {deleted} message(s).")) : problem;
    }
}
