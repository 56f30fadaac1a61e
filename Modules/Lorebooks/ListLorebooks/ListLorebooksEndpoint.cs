using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Lorebooks.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Lorebooks.ListLorebooks;

internal sealed class ListLorebooksEndpoint(KissChatDbContext db, DatabaseSettings database, CurrentUser me) : EndpointWithoutRequest<Ok<DataResponse<IReadOnlyList<LorebookSummary>>>>
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
        var summaries = await (
            from book in db.Set<Lorebook>().Where(b => b.UserId == me.Id)
            join count in EntryCounts() on book.Id equals count.Id
            orderby book.UpdatedAt descending
            select new LorebookSummary(book.Id, book.Name, book.Description, count.Entries, book.CreatedAt, book.UpdatedAt)).ToListAsync(ct);
        return TypedResults.Ok(new DataResponse<IReadOnlyList<LorebookSummary>>(summaries));
    }

    /// <summary>
    /// How many entries each book has, counted by the database in the JSON array they are stored as: a list never
    /// sends or parses the entries themselves (a thousand long ones make megabytes a book).
    /// </summary>
    private IQueryable<EntryCount> EntryCounts() => database.Provider switch
    {
        DatabaseProvider.Postgres => db.Database.SqlQuery<EntryCount>($"""SELECT id AS "Id", json_array_length(entries::json) AS "Entries" FROM lorebooks"""),
        _ => db.Database.SqlQuery<EntryCount>($"""SELECT "id" AS "Id", json_array_length("entries") AS "Entries" FROM "lorebooks" """),
    };

    private sealed record EntryCount(Guid Id, int Entries);
}
