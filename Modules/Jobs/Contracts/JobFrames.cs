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
}
