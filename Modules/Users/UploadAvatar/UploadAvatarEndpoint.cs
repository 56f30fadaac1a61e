using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users.UploadAvatar;

internal sealed class UploadAvatarEndpoint(KissChatDbContext db, AvatarUploads uploads, CurrentUser me, TimeProvider clock)
    : Endpoint<AvatarUpload, Results<Ok<MessageDataResponse<UserProfileView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/avatar");
        Group<UsersGroup>();
        AllowFileUploads();
        RequestBinder(new UploadFormBinder<AvatarUpload>());
        Description(b => b.WithName("UploadAvatar").AcceptsAvatarUpload().ProducesProblems(404, 409));
        Summary(s => s.Summary = "Upload your avatar: a PNG, JPEG or WebP image of at most 5 MB in the form field 'file'.");
    }

    public override async Task<Results<Ok<MessageDataResponse<UserProfileView>>, ProblemHttpResult>> ExecuteAsync(
        AvatarUpload request, CancellationToken ct)
    {
        var previous = await db.Set<Profile>().Where(p => p.UserId == me.Id).Select(p => p.AvatarUrl).FirstOrDefaultAsync(ct);
        if (previous is null)
        {
            return Problems.NotFound("Profile not found.");
        }

        var holdingPrevious = db.Set<Profile>().Where(p => p.UserId == me.Id && p.AvatarUrl == previous);
        var (_, problem) = await uploads.ReplaceAsync(
            me.Id,
            request.File,
            previous,
            holdingPrevious.AnyAsync,
            (url, token) => holdingPrevious.ExecuteUpdateAsync(s => s.SetProperty(p => p.AvatarUrl, url), token),
            ct);
        if (problem is not null)
        {
            return problem;
        }

        var view = await ProfileQuery.FindAsync(db, me.Id, clock, ct);
        return TypedResults.Ok(new MessageDataResponse<UserProfileView>("Avatar uploaded.", view!));
    }
}
