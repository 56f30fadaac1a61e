using FastEndpoints;
using FluentValidation.Results;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using KissChat.Users.Profiles;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users.UpdateProfile;

internal sealed class UpdateProfileEndpoint(KissChatDbContext db, AvatarStore avatars, CurrentUser me, TimeProvider clock)
    : Endpoint<UpdateProfileRequest, Results<Ok<MessageDataResponse<UserProfileView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("/update/{id}");
        Group<UsersGroup>();
        Description(b => b.WithName("UpdateProfile").ProducesProblems(403, 404, 409));
        Summary(s => s.Summary = "Update your profile: username (unique, 409 when taken), avatar_url, status, bio, and the content settings "
            + "show_nsfw, birth_date and confirm_adult.");
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

        if (request.Username?.Trim() is { } username && Usernames.Normalize(username) is var wanted && wanted != profile.NormalizedUsername
            && await db.Set<Profile>().AnyAsync(p => p.NormalizedUsername == wanted, ct))
        {
            return Taken(username);
        }

        Apply(request, profile);
        if (profile.ShowNsfw && !Adulthood.IsAdult(profile.BirthDate, profile.AdultConfirmedAt, Adulthood.Today(clock)))
        {
            ThrowError(new ValidationFailure("show_nsfw", "'show_nsfw' needs an adult account: give a birth_date 18 or more years ago, or confirm_adult."));
        }

        await using var transaction = await db.BeginWriteAsync(ct);
        var holdingPrevious = db.Set<Profile>().Where(p => p.UserId == me.Id && p.AvatarUrl == previousAvatar);
        if (!await AvatarLocation.TryWriteAsync(holdingPrevious, p => p.AvatarUrl, previousAvatar, profile.AvatarUrl, ct))
        {
            return AvatarLocation.ChangedMeanwhile();
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (request.Username is not null && UniqueKeys.WereViolatedIn(exception))
        {
            // Another account took the name between the check and the save; the unique index decided.
            return Taken(request.Username.Trim());
        }

        await transaction.CommitAsync(CancellationToken.None);

        if (profile.AvatarUrl != previousAvatar)
        {
            avatars.Delete(previousAvatar);
        }

        var view = await ProfileQuery.FindAsync(db, me.Id, clock, ct);
        return TypedResults.Ok(new MessageDataResponse<UserProfileView>("Profile updated.", view!));
    }

    private void Apply(UpdateProfileRequest request, Profile profile)
    {
        if (request.Username?.Trim() is { } username)
        {
            profile.Username = username;
            profile.NormalizedUsername = Usernames.Normalize(username);
        }

        profile.AvatarUrl = request.AvatarUrl ?? profile.AvatarUrl;
        profile.Status = request.Status?.Trim() ?? profile.Status;
        profile.Bio = request.Bio is null ? profile.Bio : string.IsNullOrWhiteSpace(request.Bio) ? null : request.Bio.Trim();
        profile.ShowNsfw = request.ShowNsfw ?? profile.ShowNsfw;
        profile.BirthDate = request.BirthDate ?? profile.BirthDate;
        if (request.ConfirmAdult is { } confirmed)
        {
            profile.AdultConfirmedAt = confirmed ? profile.AdultConfirmedAt ?? clock.GetUtcNow().UtcDateTime : null;
        }
    }

    private static ProblemHttpResult Taken(string username) =>
        Problems.Conflict($"The username '{username}' is taken; choose another.");
}
