using FastEndpoints;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Kernel.Text;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.ListTags;

/// <summary>
/// Counted over the characters the library lists for the caller (visitors never count NSFW ones), ignoring ASCII case as
/// the tag filter does. Tags are a JSON column, so they are counted here rather than grouped by the database; only
/// that column of the listed characters is read, and the answer is kept a while (<see cref="KeptTagCounts"/>).
/// </summary>
internal sealed class ListTagsEndpoint(KissChatDbContext db, CurrentUser me, IUserProfiles profiles, KeptTagCounts kept)
    : Endpoint<ListTagsRequest, Ok<DataResponse<IReadOnlyList<TagCount>>>>
{
    public override void Configure()
    {
        Get("/tags");
        Group<CharactersGroup>();
        AllowAnonymous();
        Description(b => b.WithName("ListCharacterTags"));
        Summary(s => s.Summary = "The tags of the public library with how many characters carry each, the most used first; open to visitors.");
    }

    public override async Task<Ok<DataResponse<IReadOnlyList<TagCount>>>> ExecuteAsync(ListTagsRequest request, CancellationToken ct)
    {
        var viewer = await Viewer.OfRequestAsync(me, profiles, ct);
        var counts = await kept.GetAsync(viewer.SeesNsfw, token => CountAsync(viewer.SeesNsfw, token), ct);
        return TypedResults.Ok(new DataResponse<IReadOnlyList<TagCount>>([.. counts.Take(request.Take)]));
    }

    /// <summary>The most used tags, as many as any request may ask for.</summary>
    private async Task<IReadOnlyList<TagCount>> CountAsync(bool seesNsfw, CancellationToken cancellationToken)
    {
        var tagLists = await db.Set<Character>().AsNoTracking().ListedFor(db, seesNsfw).Select(c => c.Tags).ToListAsync(cancellationToken);
        return tagLists
            .SelectMany(tags => tags)
            .GroupBy(AsciiCase.Fold)
            .Select(group => new TagCount(MostCommonSpelling(group), group.Count()))
            .OrderByDescending(t => t.Count)
            .ThenBy(t => t.Tag, StringComparer.Ordinal)
            .Take(ListTagsRequest.MaxLimit)
            .ToList();
    }

    private static string MostCommonSpelling(IEnumerable<string> spellings) =>
        spellings.GroupBy(s => s, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
}
