using Microsoft.AspNetCore.Http;

namespace KissChat.Kernel.Http;

/// <summary>
/// The seed's two session cookies. HttpOnly and SameSite=Strict always; Secure on every HTTPS request (as
/// <see cref="HttpRequest.IsHttps"/> says, a TLS proxy's <c>X-Forwarded-Proto</c> included under <c>TRUST_PROXY</c>), and
/// on plain-HTTP ones too when <paramref name="alwaysSecure"/> (<c>NODE_ENV=production</c>, or <c>Auth:SecureCookies</c>):
/// a proxy that terminates TLS and is not trusted makes every request look like HTTP.
/// </summary>
public sealed class SessionCookies(bool alwaysSecure)
{
    public const string AccessToken = "access_token";
    public const string RefreshToken = "refresh_token";

    public bool AlwaysSecure => alwaysSecure;

    public void Write(HttpResponse response, string accessToken, DateTimeOffset accessExpires, string refreshToken, DateTimeOffset refreshExpires)
    {
        response.Cookies.Append(AccessToken, accessToken, Options(response, accessExpires));
        response.Cookies.Append(RefreshToken, refreshToken, Options(response, refreshExpires));
    }

    public void Clear(HttpResponse response)
    {
        response.Cookies.Delete(AccessToken, Options(response, null));
        response.Cookies.Delete(RefreshToken, Options(response, null));
    }

    private CookieOptions Options(HttpResponse response, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = alwaysSecure || response.HttpContext.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expires,
    };
}
