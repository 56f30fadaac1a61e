using Microsoft.AspNetCore.Http;

namespace KissChat.Kernel.Http;

/// <summary>
/// The seed's two session cookies. HttpOnly and SameSite=Strict always; Secure in production
/// (<c>NODE_ENV=production</c>, or <c>Auth:SecureCookies</c>).
/// </summary>
public sealed class SessionCookies(bool secure)
{
    public const string AccessToken = "access_token";
    public const string RefreshToken = "refresh_token";

    public bool Secure => secure;

    public void Write(HttpResponse response, string accessToken, DateTimeOffset accessExpires, string refreshToken, DateTimeOffset refreshExpires)
    {
        response.Cookies.Append(AccessToken, accessToken, Options(accessExpires));
        response.Cookies.Append(RefreshToken, refreshToken, Options(refreshExpires));
    }

    public void Clear(HttpResponse response)
    {
        response.Cookies.Delete(AccessToken, Options(null));
        response.Cookies.Delete(RefreshToken, Options(null));
    }

    private CookieOptions Options(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = secure,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expires,
    };
}
