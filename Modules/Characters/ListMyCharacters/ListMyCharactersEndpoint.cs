using FastEndpoints;
using KissChat.Characters.Cards;
using KissChat.Characters.Data;
using KissChat.Characters.Paging;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;

namespace KissChat.Characters.ListMyCharacters;

internal sealed class ListMyCharactersEndpoint(KissChatDbContext db, DatabaseSettings database, CurrentUser me, TimeProvider clock) : Endpoint<ListMyCharactersRequest, Ok<CharacterPage>>
{
    public override void Configure()
    {
        Get("/list");
        Group<CharactersGroup>();
        Description(b => b.WithName("ListMyCharacters"));
        Summary(s =>
        {
            s.Summary = "Your characters, newest first, a page at a time (cursor from next_cursor; limit 1-100, default 20).";
            s.RequestParam(r => r.Cursor, PageRules.CursorDescription);
            s.RequestParam(r => r.Limit, PageRules.LimitDescription);
        });
    }

    public override async Task<Ok<CharacterPage>> ExecuteAsync(ListMyCharactersRequest request, CancellationToken ct)
    {
        var mine = db.Set<Character>().Where(c => c.UserId == me.Id);
        var page = await CharacterPaging.PageAsync(
            mine, CharacterView.Columns, db, clock, CharacterOrder.Newest, PageRules.Cursor(request.Cursor, CharacterOrder.Newest), PageRules.Limit(request.Limit), ct);
        var books = await CardBook.OfAsync(db, database.Provider, page.Rows.Select(c => c.CharacterId).ToList(), ct);
        return TypedResults.Ok(new CharacterPage([.. page.Rows.Select(c => c with { CharacterBook = books.GetValueOrDefault(c.CharacterId) })], page.NextCursor));
    }
}
