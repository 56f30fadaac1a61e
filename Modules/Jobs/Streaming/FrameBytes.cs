using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Http;

namespace KissChat.Jobs.Streaming;

/// <summary>A frame's JSON as UTF-8 (escaped as <see cref="ServerSentEvents.FrameJson"/>), made once and written to every listener as is.</summary>
internal static class FrameBytes
{
    /// <summary>Most pieces are a few characters; a thread keeps its writer's buffer only up to this size.</summary>
    private const int KeptBufferBytes = 16 * 1024;

    private static readonly JsonWriterOptions Writer = new() { Encoder = ServerSentEvents.FrameJson.Encoder };

    [ThreadStatic]
    private static TokenWriter? tokenWriter;

    public static byte[] Connected(Guid jobId) => StatusWithJob(JobFrames.Connected, jobId);

    public static byte[] Processing(Guid jobId) => StatusWithJob(JobFrames.Processing, jobId);

    /// <summary>A <c>connected</c> or <c>processing</c> frame with a listener's <paramref name="opening"/> members after its own.</summary>
    public static byte[] Opening(string status, Guid jobId, JsonObject opening)
    {
        var frame = new JsonObject { ["status"] = status, ["jobId"] = jobId.ToString() };
        foreach (var (key, value) in opening)
        {
            frame[key] = value?.DeepClone();
        }

        return Of(frame);
    }

    /// <summary>
    /// A token's frame (or a piece of reasoning's): a reply has one per piece of text, so the writer is the thread's and
    /// only the bytes are new.
    /// </summary>
    public static byte[] Token(string delta, bool reasoning = false)
    {
        var writer = tokenWriter ??= new TokenWriter();
        var frame = writer.Write(delta, reasoning);
        if (writer.Capacity > KeptBufferBytes)
        {
            tokenWriter = null;
        }

        return frame;
    }

    /// <summary>
    /// The final frame: <c>{"status", "error"?, …result}</c>. A job stopped before it ever ran names itself instead,
    /// as its <c>connected</c> frame did.
    /// </summary>
    public static JsonObject Final(string status, JsonObject? result, string? error, Guid? unstartedJobId)
    {
        var frame = new JsonObject { ["status"] = status };
        if (unstartedJobId is { } jobId && result is null && error is null)
        {
            frame["jobId"] = jobId.ToString();
        }

        if (error is not null)
        {
            frame["error"] = error;
        }

        foreach (var (key, value) in result ?? [])
        {
            frame[key] = value?.DeepClone();
        }

        return frame;
    }

    public static byte[] Of(JsonNode frame) => ServerSentEvents.Utf8(frame);

    private static byte[] StatusWithJob(string status, Guid jobId) =>
        System.Text.Encoding.UTF8.GetBytes($$"""{"status":"{{status}}","jobId":"{{jobId}}"}""");

    private sealed class TokenWriter
    {
        private readonly ArrayBufferWriter<byte> buffer = new(256);
        private readonly Utf8JsonWriter json;

        public TokenWriter() => json = new Utf8JsonWriter(buffer, Writer);

        public int Capacity => buffer.Capacity;

        public byte[] Write(string delta, bool reasoning)
        {
            buffer.ResetWrittenCount();
            json.Reset();
            json.WriteStartObject();
            json.WriteString("status"u8, reasoning ? JobFrames.Reasoning : JobFrames.Token);
            json.WriteString("delta"u8, delta);
            json.WriteEndObject();
            json.Flush();
            return buffer.WrittenSpan.ToArray();
        }
    }
}
