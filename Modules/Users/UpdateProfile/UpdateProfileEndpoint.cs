using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users.UpdateProfile;

internal static class UpdateProfileEndpoint
{
    public static async Task<Results<Ok<MessageDataResponse<UserProfileView>>, ProblemHttpResult>> Handle(
        Guid id, UpdateProfileRequest request, CurrentUser me, KissChatDbContext db, AvatarStore avatars, CancellationToken cancellationToken)
    {
        if (id != me.Id)
        {
            return Problems.Forbidden("You can only update your own profile.");
        }

        var profile = await db.Set<Profile>().FirstOrDefaultAsync(p => p.UserId == me.Id, cancellationToken);
        if (profile is null)
        {
            return Problems.NotFound("Profile not found.");
        }

        var previousAvatar = profile.AvatarUrl;
        if (!AvatarLocation.CanAssign(request.AvatarUrl, previousAvatar))
        {
            return AvatarLocation.NotAssignable();
        }

        profile.Username = request.Username?.Trim() ?? profile.Username;
        profile.AvatarUrl = request.AvatarUrl ?? profile.AvatarUrl;
        profile.Status = request.Status?.Trim() ?? profile.Status;
        await db.SaveChangesAsync(cancellationToken);
        if (profile.AvatarUrl != previousAvatar)
        {
            avatars.Delete(previousAvatar);
        }

        var view = await ProfileQuery.FindAsync(db, me.Id, cancellationToken);
        return TypedResults.Ok(new MessageDataResponse<UserProfileView>("Profile updated.", view!));
    }
}
