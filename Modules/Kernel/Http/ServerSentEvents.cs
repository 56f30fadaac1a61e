using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace KissChat.Kernel.Http;

/// <summary>
/// SSE framing shared by every streaming route: headers that stop proxies buffering, <c>id:</c> on every frame,
/// data-only frames. Each frame is written straight into the response pipe and flushed, so it leaves at once and a
/// slow reader holds back its own writer, not the server's memory.
/// </summary>
public static class ServerSentEvents
{
    private static readonly byte[] Done = "[DONE]"u8.ToArray();

    /// <summary>
    /// Frames go to SSE clients, never into HTML, so quotes and non-ASCII text (emoji, accents) stay as they are
    /// instead of escapes that double the size of every token.
    /// </summary>
    /// <remarks>Its resolver is named, not left for the first serialization to fill in, so a frame's parts can ask it for their type info.</remarks>
    public static readonly JsonSerializerOptions FrameJson = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static byte[] Utf8(JsonNode frame) => JsonSerializer.SerializeToUtf8Bytes(frame, FrameJson);

    public static async Task StartAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        // Event streams are UTF-8 by definition; saying so keeps clients that read a missing charset as Latin-1 right.
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
    }

    /// <summary><c>id: N</c>, <c>data: …</c> (UTF-8 JSON without line breaks), a blank line.</summary>
    public static async Task WriteFrameAsync(HttpResponse response, int id, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Write(response.BodyWriter, id, data.Span);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    public static Task WriteDoneAsync(HttpResponse response, int id, CancellationToken cancellationToken) =>
        WriteFrameAsync(response, id, Done, cancellationToken);

    /// <summary>A comment line: keeps idle connections open through proxies without being an event.</summary>
    public static async Task WriteKeepAliveAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.BodyWriter.Write(": keep-alive\n\n"u8);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    private static void Write(IBufferWriter<byte> writer, int id, ReadOnlySpan<byte> data)
    {
        var span = writer.GetSpan(4 + 11 + 7 + data.Length + 2);
        "id: "u8.CopyTo(span);
        Utf8Formatter.TryFormat(id, span[4..], out var digits);
        var at = 4 + digits;
        "\ndata: "u8.CopyTo(span[at..]);
        at += 7;
        data.CopyTo(span[at..]);
        at += data.Length;
        "\n\n"u8.CopyTo(span[at..]);
        writer.Advance(at + 2);
    }
}
