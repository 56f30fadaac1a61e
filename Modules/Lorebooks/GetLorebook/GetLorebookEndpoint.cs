using KissChat.Lorebooks.Data;
using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Lorebooks.GetLorebook;

/// <param name="Id">The lorebook, from the route.</param>
internal sealed record GetLorebookRequest(Guid Id);

internal sealed class GetLorebookEndpoint(KissChatDbContext db, CurrentUser me)
    : Endpoint<GetLorebookRequest, Results<Ok<DataResponse<LorebookView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/get/{id}");
        Group<LorebooksGroup>();
        Description(b => b.WithName("GetLorebook").ProducesProblems(403, 404));
        Summary(s => s.Summary = "One of your lorebooks with its entries.");
    }

    public override async Task<Results<Ok<DataResponse<LorebookView>>, ProblemHttpResult>> ExecuteAsync(GetLorebookRequest request, CancellationToken ct)
    {
        var (book, problem) = await db.FindOwnAsync<Lorebook>(request.Id, me.Id, "Lorebook", ct);
        return book is null ? problem! : TypedResults.Ok(new DataResponse<LorebookView>(LorebookView.From(book)));
    }
}
