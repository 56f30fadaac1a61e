using FastEndpoints;
using KissChat.Characters.Data;
using KissChat.Characters.Paging;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.BrowsePublicCharacters;

internal sealed class BrowsePublicCharactersEndpoint(KissChatDbContext db) : Endpoint<BrowsePublicCharactersRequest, Ok<CharacterPage>>
{
    public override void Configure()
    {
        Get("/public");
        Group<CharactersGroup>();
        Description(b => b.WithName("BrowsePublicCharacters"));
        Summary(s =>
        {
            s.Summary = "Everyone's public characters, by tag and name, most chatted or newest first, a page at a time.";
            s.RequestParam(r => r.Tag, "Only characters with this tag (whole tag, ASCII letters in any case).");
            s.RequestParam(r => r.Q, "Only characters whose name contains this text, ignoring case.");
            s.RequestParam(r => r.Sort, $"'{BrowsePublicCharactersRequest.Popular}' (most chatted first, the default) or '{BrowsePublicCharactersRequest.Newest}'.");
            s.RequestParam(r => r.Cursor, PageRules.CursorDescription);
            s.RequestParam(r => r.Limit, PageRules.LimitDescription);
        });
    }

    public override async Task<Ok<CharacterPage>> ExecuteAsync(BrowsePublicCharactersRequest request, CancellationToken ct)
    {
        var characters = string.IsNullOrWhiteSpace(request.Tag)
            ? db.Set<Character>()
            // The tags column holds converted JSON, which LINQ cannot search; see TagsColumn for why this LIKE is exact.
            : db.Set<Character>().FromSql($"""SELECT * FROM characters WHERE lower(tags) LIKE {TagsColumn.WholeTagPattern(request.Tag.Trim())} ESCAPE '\'""");
        characters = characters.Where(c => c.Visibility == CharacterVisibility.Public);
        if (!string.IsNullOrWhiteSpace(request.Q))
        {
            var text = request.Q.Trim();
            // Both sides lowered by the database, so "case" means the same on either side of the comparison.
            characters = characters.Where(c => c.Name.ToLower().Contains(EF.Parameter(text).ToLower()));
        }

        var page = await CharacterPaging.PageAsync(
            characters, request.Order, PageRules.Cursor(request.Cursor, request.Order), PageRules.Limit(request.Limit), ct);
        return TypedResults.Ok(page);
    }
}
