using KissChat.Auth.Accounts;
using KissChat.Auth.Sessions;
using KissChat.Kernel.Http;
using KissChat.Kernel.Identity;
using Microsoft.AspNetCore.Identity;

namespace KissChat.Auth.SignUp;

internal static class SignUpEndpoint
{
    public static async Task<Results<Created<DataResponse<SessionData>>, ProblemHttpResult>> Handle(
        CredentialsRequest request,
        UserManager<AppUser> users,
        NewAccounts accounts,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (request.IsOAuth)
        {
            return OAuthNotAvailable.Problem(request.Method!);
        }

        var email = request.NormalizedEmail;
        var opening = await accounts.OpenAsync(email, user => users.CreateAsync(user, request.Password!), response, cancellationToken);
        return opening switch
        {
            AccountOpening.Opened opened => TypedResults.Created(
                "/api/v1/auth/me", new DataResponse<SessionData>(new SessionData(new SessionUser(opened.UserId, email), opened.Session))),
            AccountOpening.Rejected rejected => Problems.BadRequest(rejected.Reason),
            _ => Problems.Conflict("An account with this email already exists."),
        };
    }
}
