using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Jobs.Running;

/// <summary>
/// The writes every reply makes to its job's row, its checkpoints and its end, each only while the job is unfinished and
/// held by <c>owner</c> (the end returns how many rows it changed: 0 when the job ended elsewhere). Their callers tell the
/// other instances once the transaction commits (<see cref="JobNotifications.FramesChanged"/>).
/// </summary>
/// <remarks>
/// Plain SQL that reads alike on SQLite and PostgreSQL rather than <c>ExecuteUpdate</c>: EF translates one anew on each
/// call (its setters are a delegate, so the whole tree is rebuilt and its values extracted before the cache is even
/// looked up), 2.5% of the server's CPU samples at 100 replies in flight, and cannot compile one ahead (dotnet/efcore#36741).
/// </remarks>
internal static class RunningJobRows
{
    /// <summary>Each job's checkpoint, where the job is still running here.</summary>
    /// <remarks>
    /// On PostgreSQL one statement for them all, which passes over a job whose row another transaction holds (its end being
    /// stored, which saves the text anyway): a statement per job, one round trip each, kept the rows it had changed locked
    /// until the last one was done, and every reply ending meanwhile waited for them (at 100 replies in flight a reply's end
    /// took 3.4–4.4 ms, 0.9 since). SQLite's writers take turns, so there a job's end cannot be waiting on a row lock, and
    /// each statement is a call in this process.
    /// </remarks>
    public static async Task SaveCheckpointsAsync(
        KissChatDbContext db, DatabaseProvider provider, string owner, IReadOnlyList<(Guid JobId, Checkpoint Checkpoint)> due)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var ids = due.Select(d => d.JobId).ToArray();
            await ExecuteAsync(db,
                $"""
                 UPDATE "jobs" AS "j" SET "status" = {JobStatus.Active}, "started_at" = "due"."started_at", "text" = "due"."text",
                     "token_lengths" = "due"."token_lengths", "tokens" = "due"."tokens", "progress" = "due"."progress"
                 FROM unnest({ids}, {due.Select(d => d.Checkpoint.StartedAt).ToArray()},
                     {due.Select(d => d.Checkpoint.Text).ToArray()}, {due.Select(d => d.Checkpoint.TokenLengths).ToArray()},
                     {due.Select(d => d.Checkpoint.Tokens).ToArray()}, {due.Select(d => d.Checkpoint.Progress).ToArray()})
                     AS "due" ("id", "started_at", "text", "token_lengths", "tokens", "progress")
                 WHERE "j"."id" = "due"."id" AND "j"."id" IN (
                     SELECT "id" FROM "jobs" WHERE "id" = ANY({ids}) AND "locked_by" = {owner} AND "status" IN ({JobStatus.Waiting}, {JobStatus.Active})
                     FOR UPDATE SKIP LOCKED)
                 """);
            return;
        }

        foreach (var (jobId, checkpoint) in due)
        {
            await ExecuteAsync(db,
                $"""
                 UPDATE "jobs" SET "status" = {JobStatus.Active}, "started_at" = {checkpoint.StartedAt}, "text" = {checkpoint.Text},
                     "token_lengths" = {checkpoint.TokenLengths}, "tokens" = {checkpoint.Tokens}, "progress" = {checkpoint.Progress}
                 WHERE "id" = {jobId} AND "locked_by" = {owner} AND "status" IN ({JobStatus.Waiting}, {JobStatus.Active})
                 """);
        }
    }

    /// <summary>
    /// How many ids a job that may have run elsewhere skips before its final frame when it ends without what it streamed
    /// (its instance died, or lost track of it): what it streamed after its last checkpoint (or before its first, which
    /// also saves its start) reached its readers with ids that were not saved, and a resume from one of them must still
    /// get the final frame, never a frame of an id it already had. More than any reply streams between two checkpoints
    /// (one a second), however long the database keeps one waiting.
    /// </summary>
    public const int UnsavedFramesBound = 1_000_000;

    /// <param name="streamed">What the job streamed, when it ran here: saved with its end.</param>
    /// <param name="mayHaveStreamedUnsaved">Without <paramref name="streamed"/>: whether it may have run elsewhere (<see cref="UnsavedFramesBound"/>).</param>
    public static Task<int> EndAsync(
        KissChatDbContext db, Guid jobId, string owner, string status, string? result, string? error, DateTime finishedAt, Checkpoint? streamed,
        bool mayHaveStreamedUnsaved) =>
        ExecuteAsync(db, streamed is null
            ? (FormattableString)$"""
                 UPDATE "jobs" SET "status" = {status}, "result" = {result}, "error" = {error}, "progress" = 100, "finished_at" = {finishedAt},
                     "tokens" = "tokens" + {(mayHaveStreamedUnsaved ? UnsavedFramesBound : 0)}
                 WHERE "id" = {jobId} AND "locked_by" = {owner} AND "status" IN ({JobStatus.Waiting}, {JobStatus.Active})
                 """
            : $"""
                 UPDATE "jobs" SET "status" = {status}, "result" = {result}, "error" = {error}, "progress" = 100, "finished_at" = {finishedAt},
                     "started_at" = {streamed.StartedAt}, "text" = {streamed.Text}, "token_lengths" = {streamed.TokenLengths}, "tokens" = {streamed.Tokens}
                 WHERE "id" = {jobId} AND "locked_by" = {owner} AND "status" IN ({JobStatus.Waiting}, {JobStatus.Active})
                 """);

    private static Task<int> ExecuteAsync(KissChatDbContext db, FormattableString statement) =>
        db.Database.ExecuteSqlAsync(statement, CancellationToken.None);
}
