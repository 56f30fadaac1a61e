using FastEndpoints;
using KissChat.Characters.Data;
using KissChat.Characters.Paging;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;

namespace KissChat.Characters.CreatorPage;

/// <summary>
/// A creator's public page: the profile part comes from Users, the characters from here, listed as the library would
/// list them for the caller. Open to visitors; a banned creator has no page.
/// </summary>
internal sealed class CreatorPageEndpoint(KissChatDbContext db, CurrentUser me, IUserProfiles profiles, TimeProvider clock)
    : Endpoint<CreatorPageRequest, Results<Ok<DataResponse<CreatorPageView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/v1/user/{username}/public");
        AllowAnonymous();
        Description(b => b.WithTags("Users").WithName("GetCreatorPage").ProducesProblems(404));
        Summary(s =>
        {
            s.Summary = "A creator's public profile (username, avatar, bio) and their public characters, newest first; open to visitors.";
            s.RequestParam(r => r.Cursor, PageRules.CursorDescription);
            s.RequestParam(r => r.Limit, PageRules.LimitDescription);
        });
    }

    public override async Task<Results<Ok<DataResponse<CreatorPageView>>, ProblemHttpResult>> ExecuteAsync(CreatorPageRequest request, CancellationToken ct)
    {
        if (await profiles.FindPublicAsync(request.Username, ct) is not { } creator)
        {
            return Problems.NotFound("No creator has this username.");
        }

        var viewer = await Viewer.OfRequestAsync(me, profiles, ct);
        var characters = db.Set<Character>().Where(c => c.UserId == creator.UserId).ListedFor(db, viewer.SeesNsfw);
        var page = await CharacterPaging.PageAsync(
            characters, CharacterListing.Columns(db.Set<CharacterLike>(), viewer.Id), db, clock, CharacterOrder.Newest, PageRules.Cursor(request.Cursor, CharacterOrder.Newest), PageRules.Limit(request.Limit), ct);
        var profile = new CreatorProfile(creator.UserId, creator.Username, creator.AvatarUrl, creator.Bio, creator.CreatedAt);
        return TypedResults.Ok(new DataResponse<CreatorPageView>(new CreatorPageView(profile, await CharacterListing.OfAsync(page.Rows, profiles, ct), page.NextCursor)));
    }
}
