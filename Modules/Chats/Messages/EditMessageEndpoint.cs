using FluentValidation;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Messages;

internal sealed record EditMessageRequest(string? Content);

internal sealed class EditMessageRequestValidator : AbstractValidator<EditMessageRequest>
{
    public EditMessageRequestValidator(ChatsOptions chats) =>
        RuleFor(r => r.Content)
            .NotEmpty()
            .Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage("'content' must not be blank.")
            .MaximumLength(chats.MaxMessageCharacters)
            .Must(c => c is null || !c.Contains('\0', StringComparison.Ordinal)).WithMessage("'content' must not contain NUL characters.");
}

internal static class EditMessageEndpoint
{
    /// <summary>Rewrites a user or assistant message (for an assistant message, its selected swipe too).</summary>
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> Handle(
        Guid id, Guid messageId, EditMessageRequest request, CurrentUser me, ChatWrites writes, KissChatDbContext db, CancellationToken cancellationToken)
    {
        var problem = await writes.ChangeAsync(id, me.Id, async chat =>
        {
            var message = await db.Set<ChatMessage>().FirstOrDefaultAsync(m => m.Id == messageId && m.ChatId == chat.Id, cancellationToken);
            if (message is null)
            {
                return Problems.NotFound("Message not found in this chat.");
            }

            if (message.Role == ChatRoles.System)
            {
                return Problems.BadRequest("The system prompt comes from the character; edit the character instead.");
            }

            message.Content = request.Content!;
            await db.Set<MessageSwipe>().Where(s => s.MessageId == message.Id && s.Index == message.SwipeIndex)
                .ForEachAsync(s => s.Content = message.Content, cancellationToken);
            return null;
        }, cancellationToken);
        return problem is null ? TypedResults.Ok(new MessageResponse("Message updated.")) : problem;
    }
}
