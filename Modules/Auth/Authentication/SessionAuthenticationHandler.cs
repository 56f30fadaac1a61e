using System.Security.Claims;
using System.Text.Encodings.Web;
using KissChat.Auth.Sessions;
using KissChat.Auth.Tokens;
using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace KissChat.Auth.Authentication;

/// <summary>
/// The seed's verifyAuth: an access token from <c>Authorization: Bearer</c> or the <c>access_token</c> cookie;
/// when it is missing or expired but a valid <c>refresh_token</c> cookie comes along, the session is renewed
/// on the fly and the new pair is set as cookies.
/// </summary>
internal sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokens accessTokens,
    LiveSessions liveSessions,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var bearer = BearerToken();
        var token = bearer ?? Request.Cookies[SessionCookies.AccessToken];
        if (token is not null)
        {
            var check = await accessTokens.CheckAsync(token);
            if (check is { Identity: { } claims, Session: { } session })
            {
                // A valid signature is not enough: the session may have ended (logout, account deleted) since.
                return await liveSessions.RefusalAsync(session, Context.RequestAborted) is { } refusal
                    ? AuthenticateResult.Fail(refusal)
                    : Success(new ClaimsIdentity(claims.Claims, SessionScheme.Name, JwtRegisteredClaimNames.Sub, null));
            }

            if (!check.Expired)
            {
                return AuthenticateResult.Fail("The access token is invalid.");
            }
        }

        var refresh = Request.Cookies[SessionCookies.RefreshToken];
        if (refresh is null)
        {
            return token is null ? AuthenticateResult.NoResult() : AuthenticateResult.Fail("The access token has expired.");
        }

        // Taken only here: a request with a live access token (a reply's stream among them) leases no database context for its auth.
        var rotation = await Context.RequestServices.GetRequiredService<RefreshTokens>().RotateAsync(refresh, Context.RequestAborted);
        if (rotation.Outcome == RotationOutcome.Rejected)
        {
            return AuthenticateResult.Fail("The session has expired; log in again.");
        }

        if (rotation.Next is not null)
        {
            await Context.RequestServices.GetRequiredService<Sessions.Sessions>().WriteAsync(rotation.UserId, rotation.SessionId, rotation.Next, Response, Context.RequestAborted);
        }

        return Success(new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, rotation.UserId.ToString())], SessionScheme.Name, JwtRegisteredClaimNames.Sub, null));
    }

    /// <summary>Says why, when it is known (expired, invalid, account deleted), so a client knows whether to log in again.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, result.Failure?.Message ?? "Authentication required: log in or send a valid access token.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "You are not allowed to do this.");

    private AuthenticateResult Success(ClaimsIdentity identity) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SessionScheme.Name));

    private string? BearerToken()
    {
        var header = Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }

    private async Task WriteProblemAsync(int status, string message)
    {
        Response.StatusCode = status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = message },
        });
    }
}
