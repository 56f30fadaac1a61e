using Microsoft.AspNetCore.Http.Features;

namespace KissChat.Kernel.Http;

public static class RequestBody
{
    /// <summary>
    /// Whether the request carries a body: an empty one (<c>Content-Length: 0</c>) is none, and a chunked or HTTP/2 one
    /// without a length is one, as the server itself decides.
    /// </summary>
    public static bool IsPresent(HttpRequest request) =>
        request.ContentLength != 0 && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false;
}
