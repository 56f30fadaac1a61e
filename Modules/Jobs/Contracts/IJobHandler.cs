using System.Text.Json.Nodes;

namespace KissChat.Jobs.Contracts;

/// <summary>
/// Does the work of one kind of job. Entities it adds to the scope's DbContext are saved together with the
/// job's final state and frame, so a result is never half-stored.
/// </summary>
public interface IJobHandler
{
    Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Adds to a stored result what is cheaper to derive on read than to copy into every job (the chat history),
    /// for the completed frame and the status endpoint.
    /// </summary>
    Task<JsonObject> ExpandResultAsync(JobInfo job, JsonObject storedResult, CancellationToken cancellationToken);

    /// <summary>
    /// The job ended without <see cref="RunAsync"/> finishing it: stopped before it started, or failed by the
    /// recovery sweep after its instance died. Undo what was prepaid for it.
    /// </summary>
    Task AbandonedAsync(JobInfo job, CancellationToken cancellationToken);
}

public sealed record JobInfo(Guid Id, Guid UserId, string Kind, Guid? SubjectId, string Payload);

/// <summary>What a handler may do while it runs: read its job, stream frames, report progress.</summary>
public sealed class JobContext(JobInfo job, Func<JsonObject, int> emit, CancellationToken stopRequested)
{
    public JobInfo Job => job;

    /// <summary>Cancelled when the user stops the job, as opposed to the server shutting down.</summary>
    public CancellationToken StopRequested => stopRequested;

    public int Progress { get; set; }

    /// <summary>Sends a frame to every listener now; it is persisted moments later.</summary>
    public void Emit(JsonObject frame) => emit(frame);
}

public sealed record JobOutcome(string Status, JsonObject? Result, string? Error)
{
    /// <param name="result">Becomes the completed frame (with <c>status</c> added) and the job's stored result.</param>
    public static JobOutcome Completed(JsonObject result) => new(JobStatus.Completed, result, null);

    public static JobOutcome Failed(string error) => new(JobStatus.Failed, null, error);

    /// <param name="result">What was produced before the stop, if anything.</param>
    public static JobOutcome Stopped(JsonObject? result) => new(JobStatus.Stopped, result, null);
}
