using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Lorebooks.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Lorebooks.DeleteLorebook;

/// <param name="Id">The lorebook, from the route.</param>
internal sealed record DeleteLorebookRequest(Guid Id);

/// <summary>Deletes the lorebook; chats it was attached to simply no longer have it.</summary>
internal sealed class DeleteLorebookEndpoint(KissChatDbContext db, CurrentUser me)
    : Endpoint<DeleteLorebookRequest, Results<Ok<MessageResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/delete/{id}");
        Group<LorebooksGroup>();
        Description(b => b.WithName("DeleteLorebook").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Delete your lorebook; it leaves every chat it was attached to.");
    }

    public override async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ExecuteAsync(DeleteLorebookRequest request, CancellationToken ct)
    {
        if (await db.CheckOwnAsync<Lorebook>(request.Id, me.Id, "Lorebook", ct) is { } problem)
        {
            return problem;
        }

        await db.Set<Lorebook>().Where(b => b.Id == request.Id && b.UserId == me.Id).ExecuteDeleteAsync(ct);
        return TypedResults.Ok(new MessageResponse("Lorebook deleted."));
    }
}
