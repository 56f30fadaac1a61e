using FastEndpoints;
using KissChat.Auth.Sessions;
using KissChat.Auth.Tokens;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Auth.Refresh;

/// <summary>
/// Rotation: an already-used token revokes its whole family, unless it was used moments ago (another tab's refresh won
/// the race): then this request gets a 401 and the cookies that request set stay.
/// </summary>
internal sealed class RefreshEndpoint(RefreshTokens refreshTokens, Sessions.Sessions sessions, KissChatDbContext db, SessionCookies cookies)
    : Endpoint<RefreshRequest, Results<Ok<DataResponse<SessionData>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/refresh");
        Group<AuthGroup>();
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimits.Auth));
        Description(b => b.WithName("RefreshSession").OptionalJsonBody<RefreshRequest>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized));
        Summary(s => s.Summary = "Trade the refresh token (cookie or body) for a new pair; reuse revokes the session.");
    }

    public override async Task<Results<Ok<DataResponse<SessionData>>, ProblemHttpResult>> ExecuteAsync(RefreshRequest request, CancellationToken ct)
    {
        var raw = request.TokenOrCookie(HttpContext.Request);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Problems.Unauthorized("No refresh token: send the refresh_token cookie or {\"refresh_token\": \"...\"}.");
        }

        var rotation = await refreshTokens.RotateAsync(raw, ct);
        if (rotation.Outcome == RotationOutcome.AlreadyRotated)
        {
            return Problems.Unauthorized("This refresh token was just used by another request (another tab?): its new session is in the cookies it set; retry with them.");
        }

        // The account may have been deleted since the token was rotated: its row is gone with it.
        var email = rotation.Next is null ? null : await db.Users.Where(u => u.Id == rotation.UserId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (email is null)
        {
            cookies.Clear(HttpContext.Response);
            return Problems.Unauthorized("The refresh token is invalid, expired or already used; log in again.");
        }

        var session = await sessions.WriteAsync(rotation.UserId, rotation.SessionId, rotation.Next!, HttpContext.Response, ct);
        return TypedResults.Ok(new DataResponse<SessionData>(new SessionData(new SessionUser(rotation.UserId, email), session)));
    }
}
