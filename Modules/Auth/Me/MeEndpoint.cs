using KissChat.Kernel.Http;
using KissChat.Users.Contracts;

namespace KissChat.Auth.Me;

internal static class MeEndpoint
{
    public static async Task<Results<Ok<DataResponse<UserProfileView>>, ProblemHttpResult>> Handle(
        CurrentUser me, IUserProfiles profiles, CancellationToken cancellationToken)
    {
        var profile = await profiles.FindAsync(me.Id, cancellationToken);
        return profile is null
            ? Problems.Unauthorized("This account no longer exists.")
            : TypedResults.Ok(new DataResponse<UserProfileView>(profile));
    }
}
