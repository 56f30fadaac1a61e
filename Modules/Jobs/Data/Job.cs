namespace KissChat.Jobs.Data;

/// <summary>
/// A unit of background work. Its state lives here, not in memory, so a restart loses nothing that was stored: the
/// text streamed so far and where each token ends are checkpointed every second or so, which is all a stream needs
/// to be rebuilt frame by frame on another instance or after a crash.
/// </summary>
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

    /// <summary>The instance that runs the job; the job dies with it.</summary>
    public string? LockedBy { get; set; }

    public DateTime CreatedAt { get; init; }

    /// <summary>When it began to run (its <c>processing</c> frame); null if it never did.</summary>
    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>Set by a stop request that reached another instance than the one running the job.</summary>
    public DateTime? StopRequestedAt { get; set; }

    /// <summary>
    /// The text streamed so far (all of it once finished, a thinking model's reasoning among it), until the replay
    /// retention prunes it. Only streams are rebuilt from it: the reply's own text is what its handler stored.
    /// </summary>
    public string? Text { get; set; }

    /// <summary>
    /// The length of each piece of <see cref="Text"/>, comma-separated, a piece of reasoning's marked
    /// (<see cref="Streaming.StoredJob.ReasoningMark"/>): token frame n is its n-th piece.
    /// </summary>
    public string? TokenLengths { get; set; }

    /// <summary>
    /// How many ids the job's token frames took; kept after pruning so frame ids stay the same. A job that ended without
    /// what it streamed counts those it may have sent unsaved too (<see cref="Running.RunningJobRows.UnsavedFramesBound"/>).
    /// </summary>
    public int Tokens { get; set; }

    /// <summary>The client's Idempotency-Key its start came with: a request sent again with it gets this job's stream (0034).</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>A fingerprint of that request (<see cref="Contracts.RequestKey.Fingerprint"/>): the key given with another request is refused.</summary>
    public string? RequestHash { get; init; }

    public Contracts.JobInfo Info() => new(Id, UserId, Kind, SubjectId, Payload);
}
