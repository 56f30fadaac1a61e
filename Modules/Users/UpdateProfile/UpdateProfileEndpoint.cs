using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users.UpdateProfile;

internal sealed class UpdateProfileEndpoint(KissChatDbContext db, AvatarStore avatars, CurrentUser me)
    : Endpoint<UpdateProfileRequest, Results<Ok<MessageDataResponse<UserProfileView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("/update/{id}");
        Group<UsersGroup>();
        Description(b => b.WithName("UpdateProfile").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Update your profile (username, avatar_url, status).");
    }

    public override async Task<Results<Ok<MessageDataResponse<UserProfileView>>, ProblemHttpResult>> ExecuteAsync(
        UpdateProfileRequest request, CancellationToken ct)
    {
        if (request.Id != me.Id)
        {
            return Problems.Forbidden("You can only update your own profile.");
        }

        var profile = await db.Set<Profile>().FirstOrDefaultAsync(p => p.UserId == me.Id, ct);
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
        await db.SaveChangesAsync(ct);
        if (profile.AvatarUrl != previousAvatar)
        {
            avatars.Delete(previousAvatar);
        }

        var view = await ProfileQuery.FindAsync(db, me.Id, ct);
        return TypedResults.Ok(new MessageDataResponse<UserProfileView>("Profile updated.", view!));
    }
}
