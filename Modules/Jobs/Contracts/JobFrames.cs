using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KissChat.Jobs.Contracts;

/// <summary>The SSE vocabulary of the seed: each frame is <c>{"status": …}</c> plus its own members.</summary>
public static class JobFrames
{
    public const string Connected = "connected";
    public const string Processing = "processing";
    public const string Token = "token";

    public static JsonObject Create(string status, Guid? jobId = null)
    {
        var frame = new JsonObject { ["status"] = status };
        if (jobId is { } id)
        {
            frame["jobId"] = id.ToString();
        }

        return frame;
    }

    public static JsonObject TokenFrame(string delta) => new() { ["status"] = Token, ["delta"] = delta };

    public static JsonObject FailedFrame(string error) => new() { ["status"] = JobStatus.Failed, ["error"] = error };

    public static bool IsTerminal(string type) => JobStatus.IsFinished(type);

    /// <summary>
    /// Frames go to SSE clients, never into HTML, so quotes and non-ASCII text (emoji, accents) stay as they
    /// are instead of <c>\u0022</c> escapes that double the size of every token.
    /// </summary>
    public static string ToJson(JsonNode frame) => frame.ToJsonString(Options);

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
