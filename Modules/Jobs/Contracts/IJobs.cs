using KissChat.Jobs.Streaming;
using KissChat.Kernel.Http;

namespace KissChat.Jobs.Contracts;

/// <summary>What other modules may do with jobs.</summary>
public interface IJobs
{
    /// <summary>
    /// Adds a waiting job and its <c>connected</c> frame to the caller's unit of work. Call
    /// <see cref="Enqueue"/> after saving, so the job never runs before its inputs are stored.
    /// </summary>
    Guid Add(NewJob job);

    void Enqueue(Guid jobId);

    Task<bool> HasUnfinishedAsync(Guid subjectId, CancellationToken cancellationToken);

    Task<JobLookup> FindAsync(Guid jobId, Guid userId, CancellationToken cancellationToken);

    Task<int> CountUnfinishedForUserAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Whether the user may open one more stream (see <c>RateLimits:OpenStreamsPerUser</c>).</summary>
    bool HasStreamRoom(Guid userId);

    /// <summary>The waiting or running job of a subject (a chat), if any.</summary>
    Task<JobInfo?> FindUnfinishedAsync(Guid subjectId, CancellationToken cancellationToken);

    /// <summary>
    /// Stops a job: one that has not started ends at once; a running one is cancelled on whichever instance
    /// runs it and ends with a <c>stopped</c> frame. Returns the status the job had.
    /// </summary>
    Task<string> RequestStopAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>The job's frames after SSE id <paramref name="after"/> (0 for all), as an SSE response.</summary>
    JobEventStream Stream(JobInfo job, int after);
}

public enum JobLookupOutcome
{
    NotFound,
    Forbidden,
    Found,
}

public sealed record JobLookup(JobLookupOutcome Outcome, JobInfo? Job, string? Status)
{
    /// <summary>The 404 or 403 to answer when the job is not the caller's; null when it is.</summary>
    public ProblemHttpResult? Problem => Outcome switch
    {
        JobLookupOutcome.NotFound => Problems.NotFound("Job not found."),
        JobLookupOutcome.Forbidden => Problems.Forbidden("This job belongs to another user."),
        _ => null,
    };
}
