using System.Net;

namespace KissChat.Benchmarks;

internal static class Browsers
{
    /// <summary>A client with its own cookie jar and connections: one browser.</summary>
    public static HttpClient Create(Uri baseAddress) =>
        new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(5),
        };
}
