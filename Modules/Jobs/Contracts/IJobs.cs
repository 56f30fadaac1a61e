namespace KissChat.Jobs.Contracts;

/// <summary>What other modules may do with jobs.</summary>
public interface IJobs
{
    /// <summary>
    /// Stores a job, claimed by this instance, with the caller's write transaction: its row is written at the commit
    /// (<see cref="Kernel.Database.KissChatDbContext.WriteAtCommit"/>). Call <see cref="Enqueue"/> after the commit, so
    /// the job never runs before its inputs are stored (or <see cref="EnqueueBeforeCommit"/> before it, when they are in hand).
    /// </summary>
    JobInfo Add(NewJob job);

    /// <summary>
    /// Starts the job at once, or as soon as a place of its kind's lane on this instance is free (<c>Jobs:Concurrency</c>,
    /// or <c>Jobs:BackgroundConcurrency</c> for background kinds).
    /// </summary>
    /// <param name="prepared">What the caller already prepared for the job in this process: see <see cref="JobContext.Prepared"/>.</param>
    void Enqueue(JobInfo job, object? prepared = null);

    /// <summary>
    /// <see cref="Enqueue"/> before the caller's transaction that <see cref="Add"/>ed the job commits, for a job whose
    /// inputs are all in <paramref name="prepared"/>: it may start (and ask the model) while the commit is under way, but
    /// nothing of it is written, and its end waits, until the caller settles it after the commit.
    /// </summary>
    EarlyJob EnqueueBeforeCommit(JobInfo job, object prepared);

    /// <summary>
    /// The query for the subjects (chats) of the user's waiting and running jobs of <paramref name="kind"/>, one row per
    /// job: for the caller to send in a command of its own (a reply's start sends it with its locks, in one round trip).
    /// Given a <paramref name="key"/>, its rows have two more columns, null but in one more row: the subject, id and
    /// request fingerprint of the user's job stored with that key, if there is one (read with <see cref="UserJobRow.Read"/>).
    /// </summary>
    FormattableString UnfinishedSubjectsQuery(Guid userId, string kind, RequestKey? key);

    /// <summary>How many of the user's jobs of <paramref name="kind"/> are waiting or running.</summary>
    Task<int> CountUnfinishedAsync(Guid userId, string kind, CancellationToken cancellationToken);

    Task<JobLookup> FindAsync(Guid jobId, Guid userId, CancellationToken cancellationToken);

    /// <summary>The waiting or running job of a subject (a chat), if any.</summary>
    Task<JobInfo?> FindUnfinishedAsync(Guid subjectId, CancellationToken cancellationToken);

    /// <summary>
    /// The newest job of a subject (a chat) and kind that was created after <paramref name="since"/> and failed, if any:
    /// found through the index of jobs by status and time, where failed ones are few, so <paramref name="since"/> should be recent.
    /// </summary>
    Task<JobFailure?> FindFailureAsync(Guid subjectId, string kind, DateTime since, CancellationToken cancellationToken);

    /// <summary>
    /// Stops a job: one that has not started, or whose instance is gone, ends at once; a running one is cancelled on
    /// whichever instance runs it and ends with a <c>stopped</c> frame. Returns the status the job had; null when it is gone
    /// (its chat or account deleted since the caller found it).
    /// </summary>
    Task<string?> RequestStopAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Stops every unfinished job of these subjects. Called after deleting them, it also reaches a job whose start was
    /// being committed while they were looked up: the delete waited for that commit.
    /// </summary>
    Task StopUnfinishedAsync(IReadOnlyCollection<Guid> subjectIds, CancellationToken cancellationToken);
}

/// <summary>A job that ended failed (at <paramref name="FailedAt"/>): its error is what its stream's <c>failed</c> frame said.</summary>
public sealed record JobFailure(Guid JobId, string Error, DateTime FailedAt);
