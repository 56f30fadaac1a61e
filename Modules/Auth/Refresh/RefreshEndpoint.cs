using System.Text.Json;
using KissChat.Auth.Sessions;
using KissChat.Auth.Tokens;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Auth.Refresh;

internal sealed record RefreshRequest(string? RefreshToken);

internal static class RefreshEndpoint
{
    /// <summary>Strict rotation: an already-used token here revokes its whole family.</summary>
    public static async Task<Results<Ok<DataResponse<SessionData>>, ProblemHttpResult>> Handle(
        HttpRequest httpRequest,
        RefreshTokens refreshTokens,
        Sessions.Sessions sessions,
        KissChatDbContext db,
        SessionCookies cookies,
        CancellationToken cancellationToken)
    {
        var raw = await RefreshTokenFrom(httpRequest, cancellationToken);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Problems.Unauthorized("No refresh token: send the refresh_token cookie or {\"refresh_token\": \"...\"}.");
        }

        var rotation = await refreshTokens.RotateAsync(raw, graceForConcurrentUse: false, cancellationToken);
        if (rotation.Next is null)
        {
            cookies.Clear(httpRequest.HttpContext.Response);
            return Problems.Unauthorized("The refresh token is invalid, expired or already used; log in again.");
        }

        var session = await sessions.WriteAsync(rotation.UserId, rotation.Next, httpRequest.HttpContext.Response, cancellationToken);
        var email = await db.Users.Where(u => u.Id == rotation.UserId).Select(u => u.Email).FirstAsync(cancellationToken);
        return TypedResults.Ok(new DataResponse<SessionData>(new SessionData(new SessionUser(rotation.UserId, email!), session)));
    }

    /// <summary>The body is optional, so it is read by hand rather than bound (an empty body must not be a 400).</summary>
    internal static async Task<string?> RefreshTokenFrom(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasJsonContentType() && request.ContentLength is not 0)
        {
            RefreshRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync<RefreshRequest>(cancellationToken);
            }
            catch (JsonException exception)
            {
                // Same answer as a bound body: the shared exception handler turns this into a 400 naming the field.
                throw new BadHttpRequestException("The request body is not valid JSON.", StatusCodes.Status400BadRequest, exception);
            }

            if (!string.IsNullOrWhiteSpace(body?.RefreshToken))
            {
                return body.RefreshToken;
            }
        }

        return request.Cookies[SessionCookies.RefreshToken];
    }
}
