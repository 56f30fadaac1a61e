using System.Text.Json.Nodes;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Jobs.Running;

/// <summary>
/// The one place a job ends, whoever ends it: its runner, a stop before it started, or the recovery of a dead
/// instance's jobs. In one transaction it moves the job to its final state (only if it is still unfinished and
/// still held by <c>owner</c>), stores what the handler produced, and gives back what was prepaid when it failed, nobody
/// ran it to its end or nothing was stored: so a job ends once, and is refunded at most once. Its context is the scope's, taken only when the job ends, so a
/// job's scope holds none while the model is awaited (and what the handler stores, written or added to it at the end, is saved here).
/// </summary>
internal sealed class JobFinisher(IServiceProvider services, JobNotifications notifications, JobTelemetry telemetry, TimeProvider clock, ILogger<JobFinisher> logger)
{
    public const string SaveError = "The reply could not be saved. Try again.";
    private const int MaxErrorLength = 2000;

    /// <summary>Returns how the job ended here, or null when it had already ended.</summary>
    /// <param name="streamed">What the job streamed, when it ran here.</param>
    /// <param name="started">Whether the job had begun to run (it sent a <c>processing</c> frame).</param>
    /// <param name="mayHaveStreamedUnsaved">
    /// Without <paramref name="streamed"/>: the job may have run on an instance that is gone or lost track of it, so its
    /// readers may hold frames that were never saved (<see cref="RunningJobRows.UnsavedFramesBound"/>).
    /// </param>
    public async Task<JobEnded?> EndAsync(JobInfo job, string owner, JobOutcome outcome, Checkpoint? streamed, bool started, bool mayHaveStreamedUnsaved = false)
    {
        var ending = new Ending(job, owner, streamed, started, mayHaveStreamedUnsaved);
        try
        {
            return await TryEndAsync(ending, outcome);
        }
        catch (Exception exception) when (exception is DbUpdateConcurrencyException || ForeignKeys.WereViolatedIn(exception))
        {
            // An update that met no row, or a row pointing at one that is gone: deleted by a request while this saved.
            logger.LogWarning("The outcome of job {JobId} points at rows deleted meanwhile: {Reason}", job.Id, exception.GetBaseException().Message);
            services.GetRequiredService<KissChatDbContext>().ChangeTracker.Clear();
            return await TryEndAsync(ending, JobOutcome.Failed(services.GetRequiredKeyedService<IJobHandler>(job.Kind).DeletedMeanwhileError));
        }
        catch (Exception exception) when (IsDatabaseError(exception))
        {
            logger.LogError(exception, "Could not store the outcome of job {JobId}", job.Id);
            services.GetRequiredService<KissChatDbContext>().ChangeTracker.Clear();
            return await TryEndAsync(ending, JobOutcome.Failed(SaveError));
        }
    }

    /// <summary>
    /// Ends a job that nobody runs any more (its instance is gone, or lost track of it) with <paramref name="outcome"/>, or
    /// as its handler says when it keeps what the job's checkpoints saved; its readers may hold frames never saved.
    /// </summary>
    public async Task<JobEnded?> EndUnrunAsync(JobInfo job, string owner, JobOutcome outcome, bool started)
    {
        var saved = await services.GetRequiredService<KissChatDbContext>().Set<Job>().AsNoTracking()
            .Where(j => j.Id == job.Id).Select(j => new { j.Text, j.TokenLengths }).FirstOrDefaultAsync(CancellationToken.None);
        var kept = saved?.Text is { Length: > 0 }
            ? await services.GetRequiredKeyedService<IJobHandler>(job.Kind).SalvageAsync(job, outcome, StoredJob.Streamed(saved.Text, saved.TokenLengths), CancellationToken.None)
            : null;
        return await EndAsync(job, owner, kept ?? outcome, streamed: null, started, mayHaveStreamedUnsaved: true);
    }

    private async Task<JobEnded?> TryEndAsync(Ending ending, JobOutcome outcome)
    {
        var (job, owner, streamed, started, mayHaveStreamedUnsaved) = ending;
        var db = services.GetRequiredService<KissChatDbContext>();
        var handler = services.GetRequiredKeyedService<IJobHandler>(job.Kind);
        var now = clock.GetUtcNow().UtcDateTime;
        var result = outcome.Result?.ToJsonString();
        var error = outcome.Error is { Length: > MaxErrorLength } tooLong ? tooLong[..MaxErrorLength] : outcome.Error;
        string? notStored = null;
        await using (var write = await db.BeginWriteAsync(CancellationToken.None))
        {
            var ended = await RunningJobRows.EndAsync(db, job.Id, owner, outcome.Status, result, error, now, streamed, mayHaveStreamedUnsaved);
            if (ended == 0)
            {
                logger.LogWarning("Job {JobId} had already ended elsewhere; its outcome here is dropped", job.Id);
                db.ChangeTracker.Clear();
                return null;
            }

            // Whatever it kept, a job that failed, or that nobody ran to its end (its instance gone), is given back.
            if (outcome.Result is null || outcome.Status == JobStatus.Failed || mayHaveStreamedUnsaved)
            {
                await handler.AbandonedAsync(job, CancellationToken.None);
            }

            if (outcome.Result is not null)
            {
                notStored = await handler.StoreAsync(job, CancellationToken.None);
            }

            if (notStored is null)
            {
                await db.SaveChangesAsync(CancellationToken.None);
                await write.CommitAsync(CancellationToken.None);
            }
        }

        if (notStored is not null)
        {
            // Rolled back: the job ends failed instead, with nothing of its result.
            db.ChangeTracker.Clear();
            return await TryEndAsync(ending, JobOutcome.Failed(notStored));
        }

        // Only now, so other instances never hear of an end that is not stored.
        notifications.FramesChanged([job.Id]);
        telemetry.Ended(job.Kind, outcome.Status);
        return new JobEnded(await FinalFrameAsync(job, handler, outcome.Status, outcome.Result, error, started));
    }

    /// <summary>
    /// The final frame for the job's listeners here; null when its result could not be expanded (the database failed
    /// meanwhile, or the expansion did). The end is stored by then, and stays: it is no failed save, and the listeners read
    /// it from the job's row.
    /// </summary>
    private async Task<byte[]?> FinalFrameAsync(JobInfo job, IJobHandler handler, string status, JsonObject? result, string? error, bool started)
    {
        var frame = FrameBytes.Final(status, result, error, started ? null : job.Id);
        try
        {
            return FrameBytes.Of(status == JobStatus.Completed ? await handler.ExpandResultAsync(job, frame, CancellationToken.None) : frame);
        }
        // Whatever failed: the end is stored and announced, so the row has the listeners' answer, and an error let out here
        // would only cost the runner its end's log and what the job leads to. Nothing here waits on a shutdown to cancel.
        catch (Exception exception)
        {
            logger.LogError(exception, "Job {JobId} ended and its outcome is stored, but its final frame could not be made; its listeners read it from its row", job.Id);
            return null;
        }
    }

    /// <summary>
    /// The database failed, or EF Core did (a save it could not make, a tracking conflict, a disposed context). Wider than
    /// <see cref="DatabaseFailure"/> on purpose: here a wrong yes only ends the job failed and refunded, where a wrong
    /// no escapes to the runner, which then skips what the job leads to, and a job whose end was not stored stays running
    /// in its row until the sweep finds it lost.
    /// </summary>
    private static bool IsDatabaseError(Exception exception) => exception is DbUpdateException or InvalidOperationException || DatabaseFailure.Is(exception);

    private sealed record Ending(JobInfo Job, string Owner, Checkpoint? Streamed, bool Started, bool MayHaveStreamedUnsaved);
}

/// <summary>A job's end, stored by this instance.</summary>
/// <param name="FinalFrame">Its final frame for the listeners here; null when it could not be made (they read the end from its row).</param>
internal sealed record JobEnded(byte[]? FinalFrame);
