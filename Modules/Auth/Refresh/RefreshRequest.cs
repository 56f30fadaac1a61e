using KissChat.Kernel.Http;

namespace KissChat.Auth.Refresh;

/// <summary>The optional body of refresh and logout; without it (or with a blank token) the refresh_token cookie counts.</summary>
internal sealed record RefreshRequest(string? RefreshToken)
{
    public string? TokenOrCookie(HttpRequest request) =>
        string.IsNullOrWhiteSpace(RefreshToken) ? request.Cookies[SessionCookies.RefreshToken] : RefreshToken;
}
