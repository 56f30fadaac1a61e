using KissChat.Kernel.Files;

namespace KissChat.Web.Hosting;

/// <summary>Headers every response carries: no MIME sniffing, no framing, no referrer leaks, no embedding by other sites.</summary>
internal static class SecurityHeaders
{
    // Made once: the check runs on every request.
    private static readonly PathString StaticFiles = "/static";
    private static readonly PathString Avatars = AvatarStore.UrlPrefix.TrimEnd('/');

    /// <summary>
    /// Avatars, uploaded or the default one, are shown by the frontend, which may be served from another site than the
    /// API: any site may embed them (their names cannot be guessed).
    /// </summary>
    private static bool IsAvatar(PathString path) =>
        path.StartsWithSegments(StaticFiles, StringComparison.Ordinal) || path.StartsWithSegments(Avatars, StringComparison.Ordinal);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Resource-Policy"] = IsAvatar(context.Request.Path) ? "cross-origin" : "same-site";
            await next(context);
        });
}
