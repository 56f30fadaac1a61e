namespace KissChat.Jobs.Data;

/// <summary>
/// One SSE frame of a job, numbered per job. The number is the frame's SSE id, which is what lets a client
/// resume with Last-Event-ID and miss nothing, even after the job has finished.
/// </summary>
internal sealed class JobEvent
{
    public Guid JobId { get; init; }

    public int Seq { get; init; }

    public required string Type { get; init; }

    public required string Data { get; init; }

    public DateTime CreatedAt { get; init; }
}
