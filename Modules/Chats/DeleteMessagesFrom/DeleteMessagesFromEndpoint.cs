using FastEndpoints;
using KissChat.Chats.Data;
using KissChat.Chats.Memory;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.DeleteMessagesFrom;

/// <param name="Id">The chat, from the route.</param>
/// <param name="MessageId">The first message to delete, from the route.</param>
internal sealed record DeleteMessagesFromRequest(Guid Id, Guid MessageId);

/// <summary>Deletes a message and everything after it (rewinding the chat to before that point).</summary>
internal sealed class DeleteMessagesFromEndpoint(CurrentUser me, ChatWrites writes, KissChatDbContext db, ChatMemories memories)
    : Endpoint<DeleteMessagesFromRequest, Results<Ok<MessageResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/{id}/messages/{messageId}");
        Group<ChatsGroup>();
        Description(b => b.WithName("DeleteMessagesFrom").ProducesProblems(400, 403, 404, 409));
        Summary(s => s.Summary = "Delete a message and everything after it.");
    }

    public override async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ExecuteAsync(DeleteMessagesFromRequest request, CancellationToken ct)
    {
        var deleted = 0;
        var stale = false;
        var problem = await writes.ChangeAsync(request.Id, me.Id, async chat =>
        {
            var (message, missing) = await writes.FindMessageAsync(chat, request.MessageId, ct);
            if (message is null)
            {
                return missing;
            }

            var seq = message.Seq;
            if (message.Role == ChatRoles.System)
            {
                return Problems.BadRequest("The stored system prompt of an older chat cannot be deleted; delete the chat instead.");
            }

            deleted = await db.Set<ChatMessage>().Where(m => m.ChatId == chat.Id && m.Seq >= seq).ExecuteDeleteAsync(ct);
            stale = await memories.MarkStaleFromAsync(chat.Id, seq, ct);
            return null;
        }, ct);
        if (stale && problem is null)
        {
            await memories.QueueAsync(request.Id, me.Id, ct);
        }

        return problem is null ? TypedResults.Ok(new MessageResponse($"Deleted {deleted} message(s).")) : problem;
    }
}
