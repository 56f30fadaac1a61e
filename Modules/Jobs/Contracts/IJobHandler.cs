using System.Text.Json.Nodes;

namespace KissChat.Jobs.Contracts;

/// <summary>
/// Does the work of one kind of job. What it writes in <see cref="StoreAsync"/>, and the entities it adds to the scope's
/// DbContext, are saved together with the job's final state, so a result is never half-stored. The job's scope lasts as
/// long as the job, so a handler takes the scope's context (or what is built on it) only once the model has answered, and
/// reads what the model needs in a scope of its own: a leased context per waiting reply is most of what an open stream
/// would otherwise cost.
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
    /// Writes the job's result, in the transaction that ends the job with one (before the entities the handler added are
    /// saved). Returns why it cannot be stored: then nothing of it is kept, and the job ends failed with that reason.
    /// </summary>
    Task<string?> StoreAsync(JobInfo job, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>
    /// Why the result could not be stored when the rows it points at were deleted between its checks and its save (a
    /// chat deleted as its reply is saved): the job ends failed with it, as the client's doing, not a server fault.
    /// </summary>
    string DeletedMeanwhileError => "What this job was writing to was deleted meanwhile.";

    /// <summary>
    /// The job failed (whatever of it was kept), or ended with nothing stored: it was stopped before any result, or ended
    /// because its instance died or shut down. Undo what was prepaid for it. Called once, in the transaction that ends the job.
    /// </summary>
    Task AbandonedAsync(JobInfo job, CancellationToken cancellationToken);

    /// <summary>
    /// Nobody runs the job any more (its instance crashed or was killed, or lost track of it) and it is ended for it, failed
    /// by the sweep or stopped by its user: what its checkpoints saved of what it streamed may be kept, as the handler
    /// stores a result (staged here, written by <see cref="StoreAsync"/>). Returns the outcome to end the job with in place
    /// of <paramref name="ending"/> (of the same status), or null to end it so.
    /// </summary>
    Task<JobOutcome?> SalvageAsync(JobInfo job, JobOutcome ending, StreamedText streamed, CancellationToken cancellationToken) => Task.FromResult<JobOutcome?>(null);

    /// <summary>
    /// The job that ran here has ended, stored, and its final frame is with its listeners: what it leads to (queuing
    /// other work) goes here, off the job's path. A failure here is logged, and changes nothing of the job.
    /// </summary>
    /// <param name="status">The <see cref="JobStatus"/> it ended with.</param>
    Task EndedAsync(JobInfo job, string status, CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed record JobInfo(Guid Id, Guid UserId, string Kind, Guid? SubjectId, string Payload);

/// <summary>What a job had streamed, as far as its checkpoints saved it: its text, and a thinking model's reasoning.</summary>
public sealed record StreamedText(string Text, string Reasoning);

/// <summary>What a handler may do while it runs: read its job, stream its text, report progress.</summary>
/// <param name="stored">See <see cref="Stored"/>; null for a job queued once its row was stored.</param>
public sealed class JobContext(
    JobInfo job, Action<string> emitToken, Action<string> emitReasoning, Action<int> reportProgress, CancellationToken stopRequested, object? prepared = null, Task<bool>? stored = null)
{
    /// <summary>What <see cref="Stored"/> is for a job queued once its row was stored.</summary>
    public static Task<bool> StoredAlready { get; } = Task.FromResult(true);

    public JobInfo Job => job;

    /// <summary>
    /// Completes with true once the job's row, and what the request stored with it, is committed; with false if that
    /// commit failed, and the job is then stopped. A job queued before the commit (<see cref="IJobs.EnqueueBeforeCommit"/>)
    /// runs meanwhile on what it was <see cref="Prepared"/>, and awaits this before it reads the database.
    /// </summary>
    public Task<bool> Stored => stored ?? StoredAlready;

    /// <summary>
    /// What the request that queued the job prepared for it in this process (the handler knows what it is); null when
    /// the job runs from its stored row, which has all it needs.
    /// </summary>
    public object? Prepared => prepared;

    /// <summary>Cancelled when the user stops the job, as opposed to the server shutting down.</summary>
    public CancellationToken StopRequested => stopRequested;

    /// <summary>How far along the job is, 0–99 (100 is set when it ends).</summary>
    public void ReportProgress(int percent) => reportProgress(Math.Clamp(percent, 0, 99));

    /// <summary>Sends the next piece of text to every listener at once, as a <c>token</c> frame.</summary>
    public void EmitToken(string delta) => emitToken(delta);

    /// <summary>Sends the next piece of a thinking model's reasoning, as a <c>reasoning</c> frame: shown, kept, never the reply.</summary>
    public void EmitReasoning(string delta) => emitReasoning(delta);
}

public sealed record JobOutcome(string Status, JsonObject? Result, string? Error)
{
    /// <param name="result">Becomes the completed frame (with <c>status</c> added) and the job's stored result.</param>
    public static JobOutcome Completed(JsonObject result) => new(JobStatus.Completed, result, null);

    /// <param name="result">What was produced before the failure, when the handler keeps it: stored as a result is, and
    /// what was prepaid is given back all the same.</param>
    public static JobOutcome Failed(string error, JsonObject? result = null) => new(JobStatus.Failed, result, error);

    /// <param name="result">What was produced before the stop, if anything.</param>
    public static JobOutcome Stopped(JsonObject? result) => new(JobStatus.Stopped, result, null);
}
