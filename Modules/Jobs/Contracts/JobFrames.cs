namespace KissChat.Jobs.Contracts;

/// <summary>
/// The SSE vocabulary of the seed: each frame is <c>{"status": …}</c> plus its own members. A job's frames are, in
/// order: <c>connected</c> (id 1), <c>processing</c> (id 2) once it runs, one <c>token</c> frame per piece of text
/// (and one <c>reasoning</c> frame per piece of a thinking model's reasoning, where it came), then its final frame
/// (<c>completed</c>, <c>failed</c> or <c>stopped</c>).
/// </summary>
public static class JobFrames
{
    public const string Connected = "connected";
    public const string Processing = "processing";
    public const string Token = "token";
    public const string Reasoning = "reasoning";
}
