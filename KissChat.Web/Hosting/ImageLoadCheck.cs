using KissChat.Kernel.Files;

namespace KissChat.Web.Hosting;

/// <summary>
/// A browser's image load (<c>Sec-Fetch-Dest: image</c>) of an API route other than the avatars is refused. An
/// <c>avatar_url</c> is loaded by every viewer's browser with their cookies, and one that names another route (this
/// server's full URL, which the web app's Content-Security-Policy allows, or a path stored before paths were checked)
/// would have each viewer run it: build their account export, search their chats. Clients that are not browsers send no
/// such header and pass.
/// </summary>
internal sealed class ImageLoadCheck(RequestDelegate next, IProblemDetailsService problems)
{
    private static readonly PathString Api = "/api";
    private static readonly PathString Avatars = AvatarStore.UrlPrefix.TrimEnd('/');

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        // Ignoring case, as routing does.
        if (path.StartsWithSegments(Api, StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments(Avatars, StringComparison.OrdinalIgnoreCase)
            && string.Equals(context.Request.Headers["Sec-Fetch-Dest"], "image", StringComparison.OrdinalIgnoreCase))
        {
            await problems.WriteForbiddenAsync(context, "Only avatars may be loaded as images.");
            return;
        }

        await next(context);
    }
}
