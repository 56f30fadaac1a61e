using KissChat.Auth.Tokens;
using KissChat.Kernel.Http;

namespace KissChat.Auth.Sessions;

/// <summary>Starts and renews sessions: a token pair, written as cookies and returned in the body.</summary>
internal sealed class Sessions(AccessTokens accessTokens, RefreshTokens refreshTokens, SessionCookies cookies)
{
    public async Task<SessionTokens> StartAsync(Guid userId, HttpResponse response, CancellationToken cancellationToken)
    {
        var refresh = await refreshTokens.IssueAsync(userId, Guid.CreateVersion7(), cancellationToken);
        return Write(userId, refresh, response);
    }

    public SessionTokens Write(Guid userId, IssuedToken refresh, HttpResponse response)
    {
        var access = accessTokens.Issue(userId);
        cookies.Write(response, access.Value, access.ExpiresAt, refresh.Value, refresh.ExpiresAt);
        return new SessionTokens(access.Value, refresh.Value);
    }
}

internal sealed record SessionTokens(string AccessToken, string RefreshToken);

internal sealed record SessionUser(Guid Id, string Email);

internal sealed record SessionData(SessionUser User, SessionTokens Session);
