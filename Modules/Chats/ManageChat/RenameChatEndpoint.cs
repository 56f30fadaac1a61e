using FluentValidation;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.ManageChat;

internal sealed record RenameChatRequest(string? Title);

internal sealed class RenameChatRequestValidator : AbstractValidator<RenameChatRequest>
{
    public RenameChatRequestValidator() =>
        RuleFor(r => r.Title)
            .NotEmpty()
            .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("'title' must not be blank.")
            .MaximumLength(200)
            .Must(t => t is null || !t.Any(char.IsControl)).WithMessage("'title' must not contain control characters.");
}

internal static class RenameChatEndpoint
{
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> Handle(
        Guid id, RenameChatRequest request, CurrentUser me, KissChatDbContext db, CancellationToken cancellationToken)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, id, me.Id, cancellationToken);
        if (chat is null)
        {
            return problem!;
        }

        var title = request.Title!.Trim();
        await db.Set<Chat>().Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, title), cancellationToken);
        return TypedResults.Ok(new MessageResponse("Chat renamed."));
    }
}
