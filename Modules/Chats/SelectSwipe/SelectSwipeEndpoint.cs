using FastEndpoints;
using KissChat.Chats.Data;
using KissChat.Chats.Memory;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.SelectSwipe;

/// <summary>Switches an assistant message to another alternative; the model sees only the selected one.</summary>
internal sealed class SelectSwipeEndpoint(CurrentUser me, ChatWrites writes, KissChatDbContext db, ChatMemories memories)
    : Endpoint<SelectSwipeRequest, Results<Ok<MessageResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("/{id}/messages/{messageId}/swipe");
        Group<ChatsGroup>();
        Description(b => b.WithName("SelectSwipe").ProducesProblems(403, 404, 409));
        Summary(s => s.Summary = "Switch an assistant message to another of its alternatives.");
    }

    public override async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ExecuteAsync(SelectSwipeRequest request, CancellationToken ct)
    {
        var stale = false;
        var problem = await writes.ChangeAsync(request.Id, me.Id, async chat =>
        {
            var (message, missing) = await writes.FindMessageAsync(chat, request.MessageId, ct);
            if (message is null)
            {
                return missing;
            }

            var swipe = await db.Set<MessageSwipe>().AsNoTracking()
                .FirstOrDefaultAsync(s => s.MessageId == message.Id && s.Index == request.Index, ct);
            if (swipe is null && request.Index == 0 && message.Role == ChatRoles.Assistant
                && !await db.Set<MessageSwipe>().AnyAsync(s => s.MessageId == message.Id, ct))
            {
                // A message with one alternative is its own swipe 0: selecting it changes nothing.
                return null;
            }

            if (swipe is null)
            {
                return Problems.BadRequest($"This message has no swipe {request.Index}.");
            }

            message.Content = swipe.Content;
            message.Status = swipe.Status;
            message.SwipeIndex = swipe.Index;
            message.CharacterId = swipe.CharacterId;
            message.Reasoning = swipe.Reasoning;
            stale = await memories.MarkStaleFromAsync(chat.Id, message.Seq, ct);
            return null;
        }, ct);
        if (stale && problem is null)
        {
            await memories.QueueAsync(request.Id, me.Id, ct);
        }

        return problem is null ? TypedResults.Ok(new MessageResponse($"Swipe {request.Index} selected.")) : problem;
    }
}
