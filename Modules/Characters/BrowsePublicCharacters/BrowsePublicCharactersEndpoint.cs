using FastEndpoints;
using KissChat.Characters.Data;
using KissChat.Characters.Paging;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.BrowsePublicCharacters;

/// <summary>Open to visitors; a signed-in user who opted in (and is an adult) also finds NSFW characters.</summary>
internal sealed class BrowsePublicCharactersEndpoint(KissChatDbContext db, CurrentUser me, IUserProfiles profiles, TimeProvider clock)
    : Endpoint<BrowsePublicCharactersRequest, Ok<CharacterListingPage>>
{
    public override void Configure()
    {
        Get("/public");
        Group<CharactersGroup>();
        AllowAnonymous();
        Description(b => b.WithName("BrowsePublicCharacters"));
        Summary(s =>
        {
            s.Summary = "Everyone's public characters, by tag and search, most chatted, newest, most liked or trending first, a page at a time; "
                + "open to visitors. Summaries only: no definitions.";
            s.RequestParam(r => r.Tag, "Only characters with this tag (whole tag, ASCII letters in any case).");
            s.RequestParam(r => r.Q, "Only characters whose name, public description, tags or creator's username contain this text, ignoring case.");
            s.RequestParam(r => r.Sort, $"{BrowsePublicCharactersRequest.Sorts}.");
            s.RequestParam(r => r.Cursor, PageRules.CursorDescription);
            s.RequestParam(r => r.Limit, PageRules.LimitDescription);
        });
    }

    public override async Task<Ok<CharacterListingPage>> ExecuteAsync(BrowsePublicCharactersRequest request, CancellationToken ct)
    {
        var viewer = await Viewer.OfRequestAsync(me, profiles, ct);
        var characters = string.IsNullOrWhiteSpace(request.Tag)
            ? db.Set<Character>()
            // The tags column holds converted JSON, which LINQ cannot search; see TagsColumn for why this LIKE is exact.
            : db.Set<Character>().FromSql($"""SELECT * FROM characters WHERE lower(tags) LIKE {TagsColumn.WholeTagPattern(request.Tag.Trim())} ESCAPE '\'""");
        characters = characters.ListedFor(db, viewer.SeesNsfw);
        if (!string.IsNullOrWhiteSpace(request.Q))
        {
            characters = Search(characters, request.Q.Trim());
        }

        var page = await CharacterPaging.PageAsync(
            characters, CharacterListing.Columns(db.Set<CharacterLike>(), viewer.Id), db, clock, request.Order, PageRules.Cursor(request.Cursor, request.Order), PageRules.Limit(request.Limit), ct);
        return TypedResults.Ok(new CharacterListingPage(await CharacterListing.OfAsync(page.Rows, profiles, ct), page.NextCursor));
    }

    /// <summary>
    /// What presents a character publicly: its name, public description, tags and its creator's username. Never its
    /// definition, which may be hidden. Both sides are lowered by the database, so "case" means the same on either side;
    /// SQLite's <c>lower</c> folds ASCII letters only, so there "émile" does not find "Émile" (PostgreSQL's folds them all).
    /// </summary>
    private IQueryable<Character> Search(IQueryable<Character> characters, string text)
    {
        var tagged = db.Set<Character>()
            .FromSql($"""SELECT * FROM characters WHERE lower(tags) LIKE {TagsColumn.ContainsPattern(text)} ESCAPE '\'""")
            .Select(c => c.Id);
        var creators = profiles.UserIdsNamedLike(text);
        return characters.Where(c => c.Name.ToLower().Contains(EF.Parameter(text).ToLower())
            || (c.PublicDescription != null && c.PublicDescription.ToLower().Contains(EF.Parameter(text).ToLower()))
            || tagged.Contains(c.Id)
            || creators.Contains(c.UserId));
    }
}
