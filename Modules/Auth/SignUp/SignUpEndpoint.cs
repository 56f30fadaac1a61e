using FastEndpoints;
using KissChat.Auth.Accounts;
using KissChat.Auth.OAuth;
using KissChat.Auth.Sessions;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Kernel.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace KissChat.Auth.SignUp;

/// <summary>With Google or Discord, signing up and logging in are the same: the callback opens the account if needed.</summary>
internal sealed class SignUpEndpoint(UserManager<AppUser> users, NewAccounts accounts, IAuthenticationSchemeProvider schemes)
    : Endpoint<CredentialsRequest, Results<Created<DataResponse<SessionData>>, Ok<DataResponse<AuthorizationRedirect>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/signup");
        Group<AuthGroup>();
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimits.Auth));
        Description(b => b.WithName("SignUp").ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status501NotImplemented));
        Summary(s => s.Summary = "Create an account (method \"email\", sets the session cookies) or get the Google/Discord authorization URL.");
    }

    public override async Task<Results<Created<DataResponse<SessionData>>, Ok<DataResponse<AuthorizationRedirect>>, ProblemHttpResult>> ExecuteAsync(
        CredentialsRequest request, CancellationToken ct)
    {
        if (request.IsOAuth)
        {
            return await OAuthStart.ChallengeAsync(request.Method!, HttpContext, schemes) is { } started ? started : OAuthNotAvailable.Problem(request.Method!);
        }

        var email = request.NormalizedEmail;
        var opening = await accounts.OpenAsync(email, request.Password, user => users.CreateAsync(user), HttpContext.Response, ct);
        return opening switch
        {
            AccountOpening.Opened opened => TypedResults.Created(
                "/api/v1/auth/me", new DataResponse<SessionData>(new SessionData(new SessionUser(opened.UserId, email), opened.Session))),
            AccountOpening.Rejected rejected => Problems.BadRequest(rejected.Reason),
            _ => Problems.Conflict("An account with this email already exists."),
        };
    }
}
