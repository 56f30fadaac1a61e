using FastEndpoints;
using KissChat.Characters.Data;
using KissChat.Characters.Paging;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.ListLikedCharacters;

/// <summary>
/// Only what you may still see: your own characters, and public ones the library would list for you. A like of a
/// character that went private, was hidden or became NSFW for you stays, unseen, until it is visible again.
/// </summary>
internal sealed class ListLikedCharactersEndpoint(KissChatDbContext db, IUserProfiles profiles, CurrentUser me)
    : Endpoint<ListLikedCharactersRequest, Ok<CharacterListingPage>>
{
    public override void Configure()
    {
        Get("/liked");
        Group<CharactersGroup>();
        Description(b => b.WithName("ListLikedCharacters"));
        Summary(s =>
        {
            s.Summary = "The characters you liked that you may still see, the latest like first, a page at a time.";
            s.RequestParam(r => r.Cursor, PageRules.CursorDescription);
            s.RequestParam(r => r.Limit, PageRules.LimitDescription);
        });
    }

    public override async Task<Ok<CharacterListingPage>> ExecuteAsync(ListLikedCharactersRequest request, CancellationToken ct)
    {
        var viewer = await Viewer.OfUserAsync(me.Id, profiles, ct);
        var visible = db.Set<Character>().ListedFor(db, viewer.SeesNsfw).Select(c => c.Id);
        var liked =
            from like in db.Set<CharacterLike>().AsNoTracking()
            join character in db.Set<Character>().AsNoTracking() on like.CharacterId equals character.Id
            where like.UserId == me.Id && (character.UserId == me.Id || visible.Contains(character.Id))
            select new LikedCharacter { Character = character, LikedAt = like.CreatedAt };
        if (PageRules.Cursor(request.Cursor, CharacterOrder.Liked) is { Time: var likedAt, Id: var id })
        {
            liked = liked.Where(l => l.LikedAt < likedAt || (l.LikedAt == likedAt && l.Character.Id.CompareTo(id) < 0));
        }

        var limit = PageRules.Limit(request.Limit);
        var rows = await liked.OrderByDescending(l => l.LikedAt).ThenByDescending(l => l.Character.Id).Take(limit + 1)
            .Select(CharacterPaging.Keyed<LikedCharacter, CharacterListing>(l => l.Character, (l, shown) => new KeyedRow<CharacterListing>(shown, 0, l.LikedAt, l.Character.Id), CharacterListing.Columns(db.Set<CharacterLike>(), me.Id)))
            .ToListAsync(ct);
        var page = CharacterPaging.Page(rows, CharacterOrder.Liked, limit);
        return TypedResults.Ok(new CharacterListingPage(await CharacterListing.OfAsync(page.Rows, profiles, ct), page.NextCursor));
    }

    private sealed class LikedCharacter
    {
        public required Character Character { get; init; }

        public DateTime LikedAt { get; init; }
    }
}
