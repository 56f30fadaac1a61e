using FastEndpoints;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.RenameChat;

internal sealed class RenameChatEndpoint(CurrentUser me, KissChatDbContext db)
    : Endpoint<RenameChatRequest, Results<Ok<MessageResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Patch("/{id}");
        Group<ChatsGroup>();
        Description(b => b.WithName("RenameChat").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Rename a chat.");
    }

    public override async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ExecuteAsync(RenameChatRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        var title = request.Title!.Trim();
        await db.Set<Chat>().Where(c => c.Id == request.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, title), ct);
        return TypedResults.Ok(new MessageResponse("Chat renamed."));
    }
}
