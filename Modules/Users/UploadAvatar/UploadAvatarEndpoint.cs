using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users.UploadAvatar;

internal static class UploadAvatarEndpoint
{
    public static async Task<Results<Ok<MessageDataResponse<UserProfileView>>, ProblemHttpResult>> Handle(
        IFormFile? file, CurrentUser me, KissChatDbContext db, AvatarUploads uploads, CancellationToken cancellationToken)
    {
        var previous = await db.Set<Profile>().Where(p => p.UserId == me.Id).Select(p => p.AvatarUrl).FirstOrDefaultAsync(cancellationToken);
        if (previous is null)
        {
            return Problems.NotFound("Profile not found.");
        }

        var (_, problem) = await uploads.ReplaceAsync(
            file,
            previous,
            (url, ct) => db.Set<Profile>()
                .Where(p => p.UserId == me.Id && p.AvatarUrl == previous)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.AvatarUrl, url), ct),
            cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var view = await ProfileQuery.FindAsync(db, me.Id, cancellationToken);
        return TypedResults.Ok(new MessageDataResponse<UserProfileView>("Avatar uploaded.", view!));
    }
}
