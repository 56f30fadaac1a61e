using KissChat.Auth.Tokens;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Auth.Sessions;

/// <summary>Starts and renews sessions: a token pair, written as cookies and returned in the body.</summary>
internal sealed class Sessions(AccessTokens accessTokens, RefreshTokens refreshTokens, SessionCookies cookies, KissChatDbContext db)
{
    public async Task<SessionTokens> StartAsync(Guid userId, HttpResponse response, CancellationToken cancellationToken)
    {
        var sessionId = Guid.CreateVersion7();
        var refresh = await refreshTokens.IssueAsync(userId, sessionId, cancellationToken);
        return await WriteAsync(userId, sessionId, refresh, response, cancellationToken);
    }

    /// <summary>Writes the pair of session <paramref name="sessionId"/>: its new <paramref name="refresh"/> token and an access token.</summary>
    public async Task<SessionTokens> WriteAsync(Guid userId, Guid sessionId, IssuedToken refresh, HttpResponse response, CancellationToken cancellationToken)
    {
        var stamp = await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(cancellationToken);
        var access = accessTokens.Issue(userId, sessionId, stamp);
        cookies.Write(response, access.Value, access.ExpiresAt, refresh.Value, refresh.ExpiresAt);
        return new SessionTokens(access.Value, refresh.Value);
    }
}

internal sealed record SessionTokens(string AccessToken, string RefreshToken);

internal sealed record SessionUser(Guid Id, string Email);

internal sealed record SessionData(SessionUser User, SessionTokens Session);
