using KissChat.Auth.Sessions;
using KissChat.Auth.SignUp;
using KissChat.Kernel.Http;
using KissChat.Kernel.Identity;
using KissChat.Users.Contracts;
using Microsoft.AspNetCore.Identity;

namespace KissChat.Auth.LogIn;

internal static class LogInEndpoint
{
    public static async Task<Results<Ok<DataResponse<SessionData>>, ProblemHttpResult>> Handle(
        CredentialsRequest request,
        UserManager<AppUser> users,
        IUserProfiles profiles,
        Sessions.Sessions sessions,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (request.IsOAuth)
        {
            return OAuthNotAvailable.Problem(request.Method!);
        }

        var user = await users.FindByEmailAsync(request.NormalizedEmail);
        if (user is null || !await users.CheckPasswordAsync(user, request.Password!))
        {
            return Problems.Unauthorized("Invalid email or password.");
        }

        await profiles.RecordLoginAsync(user.Id, cancellationToken);
        var session = await sessions.StartAsync(user.Id, response, cancellationToken);
        return TypedResults.Ok(new DataResponse<SessionData>(new SessionData(new SessionUser(user.Id, user.Email!), session)));
    }
}
