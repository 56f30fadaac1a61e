using KissChat.Auth.Accounts;
using KissChat.Auth.OAuth;
using KissChat.Auth.Sessions;
using KissChat.Kernel.Http;
using KissChat.Kernel.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace KissChat.Auth.SignUp;

internal static class SignUpEndpoint
{
    /// <summary>With Google or Discord, signing up and logging in are the same: the callback opens the account if needed.</summary>
    public static async Task<Results<Created<DataResponse<SessionData>>, Ok<DataResponse<AuthorizationRedirect>>, ProblemHttpResult>> Handle(
        CredentialsRequest request,
        UserManager<AppUser> users,
        NewAccounts accounts,
        IAuthenticationSchemeProvider schemes,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (request.IsOAuth)
        {
            return await OAuthStart.ChallengeAsync(request.Method!, context, schemes) is { } started ? started : OAuthNotAvailable.Problem(request.Method!);
        }

        var email = request.NormalizedEmail;
        var opening = await accounts.OpenAsync(email, user => users.CreateAsync(user, request.Password!), context.Response, cancellationToken);
        return opening switch
        {
            AccountOpening.Opened opened => TypedResults.Created(
                "/api/v1/auth/me", new DataResponse<SessionData>(new SessionData(new SessionUser(opened.UserId, email), opened.Session))),
            AccountOpening.Rejected rejected => Problems.BadRequest(rejected.Reason),
            _ => Problems.Conflict("An account with this email already exists."),
        };
    }
}
