using Microsoft.AspNetCore.StaticAssets.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace KissChat.Web.WebApp;

/// <summary>
/// The web app in wwwroot/app: its files as fingerprinted static assets, and its page at <c>GET /</c> for browsers. API
/// clients asking <c>GET /</c> without <c>text/html</c> in Accept keep the seed's JSON health answer.
/// </summary>
internal static class WebAppSetup
{
    // Named after this assembly rather than the entry one, so a host that is not KissChat.Web (the tests') finds it too.
    private static readonly string Manifest =
        Path.Combine(AppContext.BaseDirectory, $"{typeof(WebAppSetup).Assembly.GetName().Name}.staticwebassets.endpoints.json");

    public static WebApplication MapWebApp(this WebApplication app)
    {
        app.MapStaticAssets(Manifest);
        var page = new Lazy<AppPage>(() => AppPage.Build(StaticAssetsEndpointDataSourceHelper.ResolveStaticAssetDescriptors(app, Manifest)));
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            if (!IsPageRequest(context.Request))
            {
                // "/" answers JSON (the health of the seed) or the page by Accept: a cache must keep them apart.
                if (context.Request.Path == "/")
                {
                    headers.Vary = HeaderNames.Accept;
                }

                await next(context);
                return;
            }

            headers.ContentSecurityPolicy = page.Value.ContentSecurityPolicy;
            // The page names this build's fingerprinted files, so it is asked for again each time; they are cached for good.
            headers.CacheControl = "no-cache";
            headers.Vary = HeaderNames.Accept;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(page.Value.Html, context.RequestAborted);
        });
        return app;
    }

    private static bool IsPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Path == "/"
        && request.GetTypedHeaders().Accept.Any(type => type.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
