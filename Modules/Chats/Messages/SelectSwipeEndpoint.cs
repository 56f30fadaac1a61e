using FluentValidation;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Messages;

internal sealed record SelectSwipeRequest(int? Index);

internal sealed class SelectSwipeRequestValidator : AbstractValidator<SelectSwipeRequest>
{
    public SelectSwipeRequestValidator() => RuleFor(r => r.Index).NotNull().GreaterThanOrEqualTo(0);
}

internal static class SelectSwipeEndpoint
{
    /// <summary>Switches an assistant message to another alternative; the model sees only the selected one.</summary>
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> Handle(
        Guid id, Guid messageId, SelectSwipeRequest request, CurrentUser me, ChatWrites writes, KissChatDbContext db, CancellationToken cancellationToken)
    {
        var problem = await writes.ChangeAsync(id, me.Id, async chat =>
        {
            var message = await db.Set<ChatMessage>().FirstOrDefaultAsync(m => m.Id == messageId && m.ChatId == chat.Id, cancellationToken);
            if (message is null)
            {
                return Problems.NotFound("Message not found in this chat.");
            }

            var swipe = await db.Set<MessageSwipe>().AsNoTracking()
                .FirstOrDefaultAsync(s => s.MessageId == message.Id && s.Index == request.Index, cancellationToken);
            if (swipe is null)
            {
                return Problems.BadRequest($"This message has no swipe {request.Index}.");
            }

            message.Content = swipe.Content;
            message.Status = swipe.Status;
            message.SwipeIndex = swipe.Index;
            return null;
        }, cancellationToken);
        return problem is null ? TypedResults.Ok(new MessageResponse($"Swipe {request.Index} selected.")) : problem;
    }
}
