using KissChat.Kernel.Http;

namespace KissChat.Web.Hosting;

/// <summary>
/// Cross-site request forgery guard on top of SameSite=Strict cookies: a state-changing request that is
/// authenticated by cookie must name an allowed origin (FRONTEND_URL, or this server) in Origin or Referer.
/// Bearer requests are exempt: a forged request cannot carry the header. A request with neither Origin nor
/// Referer is not from a browser page (browsers send Origin on every cross-site POST/PUT/PATCH/DELETE), so it
/// cannot be a forgery and passes, which keeps curl and server-to-server clients working.
/// </summary>
internal sealed class CookieOriginCheck(RequestDelegate next, IReadOnlySet<string> allowedOrigins, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (IsForgeable(context.Request) && DeclaredOrigin(context.Request) is { } origin && !IsAllowed(context.Request, origin))
        {
            await problems.WriteForbiddenAsync(context, $"Requests from {origin} may not use this session; only the KissChat frontend may.");
            return;
        }

        await next(context);
    }

    private static bool IsForgeable(HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
        && !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && (request.Cookies.ContainsKey(SessionCookies.AccessToken) || request.Cookies.ContainsKey(SessionCookies.RefreshToken));

    private static string? DeclaredOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (!string.IsNullOrEmpty(origin))
        {
            return origin;
        }

        return Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            ? referer.GetLeftPart(UriPartial.Authority)
            : null;
    }

    private bool IsAllowed(HttpRequest request, string origin) =>
        allowedOrigins.Contains(origin.TrimEnd('/'))
        || string.Equals(origin.TrimEnd('/'), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
}
