namespace KissChat.Jobs.Data;

/// <summary>A unit of background work. Its state lives here, not in memory, so a restart loses nothing.</summary>
internal sealed class Job
{
    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public required string Kind { get; init; }

    public Guid? SubjectId { get; init; }

    public required string Status { get; set; }

    public int Progress { get; set; }

    public required string Payload { get; init; }

    public string? Result { get; set; }

    public string? Error { get; set; }

    public int Attempts { get; set; }

    public string? LockedBy { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime? StartedAt { get; set; }

    public DateTime? HeartbeatAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>Set by a stop request from any instance; the instance running the job polls it.</summary>
    public DateTime? StopRequestedAt { get; set; }

    public Contracts.JobInfo Info() => new(Id, UserId, Kind, SubjectId, Payload);
}
