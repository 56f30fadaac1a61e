using FastEndpoints;
using KissChat.Chats.Data;
using KissChat.Chats.Memory;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.EditMessage;

/// <summary>
/// Rewrites a user, assistant or narrator message (for an assistant message, its selected swipe too) or a reply's
/// reasoning, or hides a message from the model or shows it again.
/// </summary>
internal sealed class EditMessageEndpoint(CurrentUser me, ChatWrites writes, KissChatDbContext db, ChatMemories memories)
    : Endpoint<EditMessageRequest, Results<Ok<MessageResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Patch("/{id}/messages/{messageId}");
        Group<ChatsGroup>();
        Description(b => b.WithName("EditMessage").ProducesProblems(403, 404, 409));
        Summary(s =>
        {
            s.Summary = "Edit a message's text or a reply's reasoning, or hide a message from the model.";
            s.Description = "'content' rewrites the message (an assistant message's selected swipe too); 'hidden' true keeps it in the chat but out of "
                + "every prompt and summary from the next reply on (SillyTavern's hidden messages), false puts it back; 'reasoning' rewrites a "
                + "reply's reasoning (its selected swipe's; empty removes it). Any of them.";
        });
    }

    public override async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ExecuteAsync(EditMessageRequest request, CancellationToken ct)
    {
        var stale = false;
        var problem = await writes.ChangeAsync(request.Id, me.Id, async chat =>
        {
            var (message, missing) = await writes.FindMessageAsync(chat, request.MessageId, ct);
            if (message is null)
            {
                return missing;
            }

            if (message.Role == ChatRoles.System)
            {
                return Problems.BadRequest("The system prompt comes from the character; edit the character (or pin it) instead.");
            }

            if (request.Reasoning is not null && message.Role != ChatRoles.Assistant)
            {
                return Problems.BadRequest("Only a reply has reasoning: 'reasoning' cannot be set on this message.");
            }

            message.Content = request.Content ?? message.Content;
            message.Reasoning = request.Reasoning is { } reasoning ? reasoning.Length > 0 ? reasoning : null : message.Reasoning;
            // A reply cut short (stopped, interrupted) and then written on by hand is the user's text now, not the model's half.
            message.Status = request.Content is not null ? MessageStatus.Complete : message.Status;
            if (request.Content is not null || request.Reasoning is not null)
            {
                await db.Set<MessageSwipe>().Where(s => s.MessageId == message.Id && s.Index == message.SwipeIndex)
                    .ForEachAsync(s => (s.Content, s.Reasoning, s.Status) = (message.Content, message.Reasoning, message.Status), ct);
            }

            message.Hidden = request.Hidden ?? message.Hidden;
            // The running summary reads the messages' text, never their reasoning.
            if (request.Content is not null || request.Hidden is not null)
            {
                stale = await memories.MarkStaleFromAsync(chat.Id, message.Seq, ct);
            }

            return null;
        }, ct);
        if (stale && problem is null)
        {
            await memories.QueueAsync(request.Id, me.Id, ct);
        }

        return problem is null ? TypedResults.Ok(new MessageResponse("Message updated.")) : problem;
    }
}
