namespace KissChat.Jobs.Contracts;

/// <summary>The seed's BullMQ states, plus <c>stopped</c> for a generation the user ended.</summary>
public static class JobStatus
{
    public const string Waiting = "waiting";
    public const string Active = "active";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Stopped = "stopped";

    public static bool IsFinished(string status) => status is Completed or Failed or Stopped;
}
