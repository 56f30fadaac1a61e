using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace KissChat.Kernel.Http;

/// <summary>SSE framing shared by every streaming route: headers that stop proxies buffering, ids on every frame.</summary>
public static class ServerSentEvents
{
    public static async Task StartAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
    }

    public static Task WriteFrameAsync(HttpResponse response, int id, string data, CancellationToken cancellationToken) =>
        WriteAsync(response, $"id: {id}\ndata: {data}\n\n", cancellationToken);

    public static Task WriteDoneAsync(HttpResponse response, int id, CancellationToken cancellationToken) =>
        WriteFrameAsync(response, id, "[DONE]", cancellationToken);

    /// <summary>A comment line: keeps idle connections open through proxies without being an event.</summary>
    public static Task WriteKeepAliveAsync(HttpResponse response, CancellationToken cancellationToken) =>
        WriteAsync(response, ": keep-alive\n\n", cancellationToken);

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
