using FastEndpoints;
using KissChat.Kernel.Http;
using KissChat.Kernel.Identity;
using KissChat.Users.Contracts;

namespace KissChat.Auth.Me;

internal sealed class MeEndpoint(CurrentUser me, IUserProfiles profiles) : EndpointWithoutRequest<Results<Ok<DataResponse<UserProfileView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/me");
        Group<AuthGroup>();
        Description(b => b.WithName("GetMe"));
        Summary(s => s.Summary = "The signed-in user's profile and premium status.");
    }

    public override async Task<Results<Ok<DataResponse<UserProfileView>>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var profile = await profiles.FindAsync(me.Id, ct);
        return profile is null
            ? Problems.Unauthorized(AccountGone.Message)
            : TypedResults.Ok(new DataResponse<UserProfileView>(profile));
    }
}
