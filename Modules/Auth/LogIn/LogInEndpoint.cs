using FastEndpoints;
using KissChat.Auth.Accounts;
using KissChat.Auth.OAuth;
using KissChat.Auth.Sessions;
using KissChat.Auth.SignUp;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Kernel.Identity;
using KissChat.Users.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace KissChat.Auth.LogIn;

/// <remarks>
/// Both answers are 200s and the document keeps one schema per status, so the email session comes last: it is what
/// generated clients should see; the summary mentions the authorization URL.
/// </remarks>
internal sealed class LogInEndpoint(
    UserManager<AppUser> users, AccountFailures accountFailures, UnknownEmails unknownEmails, DecoyPassword decoy, GuessingAddresses guessers, IUserProfiles profiles, Sessions.Sessions sessions, IAuthenticationSchemeProvider schemes, RateLimitRejections rejections, TimeProvider clock)
    : Endpoint<CredentialsRequest, Results<Ok<DataResponse<AuthorizationRedirect>>, Ok<DataResponse<SessionData>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/login");
        Group<AuthGroup>();
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimits.Auth));
        Description(b => b.WithName("LogIn").ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status501NotImplemented));
        Summary(s => s.Summary = "Log in with email and password (sets the session cookies) or get the Google/Discord authorization URL; a banned account gets 403.");
    }

    public override async Task<Results<Ok<DataResponse<AuthorizationRedirect>>, Ok<DataResponse<SessionData>>, ProblemHttpResult>> ExecuteAsync(
        CredentialsRequest request, CancellationToken ct)
    {
        if (request.IsOAuth)
        {
            return await OAuthStart.ChallengeAsync(request.Method!, HttpContext, schemes) is { } started ? started : OAuthNotAvailable.Problem(request.Method!);
        }

        // This client's own lockout comes first, for known and unknown emails alike; the owner elsewhere is not in it.
        if (guessers.LockedOutFor(request.NormalizedEmail, HttpContext) is { } guesserLeft)
        {
            return LockedOut(guesserLeft);
        }

        var user = await users.FindByEmailAsync(request.NormalizedEmail);
        if (user is null)
        {
            return await RefuseUnknownAsync(request.NormalizedEmail, request.Password!, ct);
        }

        if (await users.IsLockedOutAsync(user))
        {
            return LockedOut(user);
        }

        if (!await CheckPasswordAsync(user, request.Password!))
        {
            await accountFailures.CountAsync(user);
            var guesserLockout = guessers.CountFailure(request.NormalizedEmail, HttpContext);
            return await users.IsLockedOutAsync(user) ? LockedOut(user) : guesserLockout is { } left ? LockedOut(left) : InvalidCredentials();
        }

        await users.ResetAccessFailedCountAsync(user);
        guessers.Forget(request.NormalizedEmail, HttpContext);
        if (user.BannedAt is not null)
        {
            // Only after the password: whether an email is banned is nobody else's business.
            return Problems.Forbidden(Banned.WithReason(user.BanReason));
        }

        await profiles.RecordLoginAsync(user.Id, ct);
        var session = await sessions.StartAsync(user.Id, HttpContext.Response, ct);
        return TypedResults.Ok(new DataResponse<SessionData>(new SessionData(new SessionUser(user.Id, user.Email!), session)));
    }

    /// <summary>The same answers, after the same time, as for an account with another password.</summary>
    private async Task<ProblemHttpResult> RefuseUnknownAsync(string email, string password, CancellationToken ct)
    {
        var failures = await unknownEmails.FindAsync(email, ct);
        if (unknownEmails.LockedOutFor(failures) is { } left)
        {
            return LockedOut(left);
        }

        decoy.Check(users.PasswordHasher, password);
        var accountLockout = await unknownEmails.CountFailureAsync(failures, ct);
        var guesserLockout = guessers.CountFailure(email, HttpContext);
        return (accountLockout ?? guesserLockout) is { } lockout ? LockedOut(lockout) : InvalidCredentials();
    }

    /// <summary>An account without a password (Google or Discord only) takes as long to refuse as any other.</summary>
    private async Task<bool> CheckPasswordAsync(AppUser user, string password)
    {
        if (user.PasswordHash is null)
        {
            decoy.Check(users.PasswordHasher, password);
            return false;
        }

        return await users.CheckPasswordAsync(user, password);
    }

    private static ProblemHttpResult InvalidCredentials() => Problems.Unauthorized("Invalid email or password.");

    private ProblemHttpResult LockedOut(AppUser user) => LockedOut((user.LockoutEnd ?? clock.GetUtcNow()) - clock.GetUtcNow());

    /// <summary>Too many wrong passwords for this account, from this client or from everywhere: it waits.</summary>
    private ProblemHttpResult LockedOut(TimeSpan left)
    {
        rejections.Count(RateLimits.LoginLockout);
        return Problems.TooManyRequests("Too many failed logins for this account; try again later.", left);
    }
}
