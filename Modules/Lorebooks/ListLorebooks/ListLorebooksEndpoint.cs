using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Lorebooks.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Lorebooks.ListLorebooks;

internal sealed class ListLorebooksEndpoint(KissChatDbContext db, CurrentUser me) : EndpointWithoutRequest<Ok<DataResponse<IReadOnlyList<LorebookSummary>>>>
{
    public override void Configure()
    {
        Get("/list");
        Group<LorebooksGroup>();
        Description(b => b.WithName("ListLorebooks"));
        Summary(s => s.Summary = "Your lorebooks, most recently changed first, without their entries.");
    }

    public override async Task<Ok<DataResponse<IReadOnlyList<LorebookSummary>>>> ExecuteAsync(CancellationToken ct)
    {
        var books = await db.Set<Lorebook>().AsNoTracking().Where(b => b.UserId == me.Id).OrderByDescending(b => b.UpdatedAt).ToListAsync(ct);
        IReadOnlyList<LorebookSummary> summaries = [.. books.Select(b => new LorebookSummary(b.Id, b.Name, b.Description, b.Entries.Count, b.CreatedAt, b.UpdatedAt))];
        return TypedResults.Ok(new DataResponse<IReadOnlyList<LorebookSummary>>(summaries));
    }
}
