using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Jobs.Running;

/// <summary>
/// The writes every reply makes to its job's row, its checkpoints and its end, each only while the job is unfinished and
/// held by <c>owner</c>; they return how many rows they changed (0 when the job ended elsewhere). Each tells the other
/// instances that the job's frames changed (<see cref="JobNotifications.WithFramesNotice"/>), once its transaction commits.
/// </summary>
/// <remarks>
/// Plain SQL that reads alike on SQLite and PostgreSQL rather than <c>ExecuteUpdate</c>: EF translates one anew on each
/// call (its setters are a delegate, so the whole tree is rebuilt and its values extracted before the cache is even
/// looked up), 2.5% of the server's CPU samples at 100 replies in flight, and cannot compile one ahead (dotnet/efcore#36741).
/// </remarks>
internal static class RunningJobRows
{
    public static Task<int> SaveCheckpointAsync(KissChatDbContext db, JobNotifications notifications, Guid jobId, string owner, Checkpoint checkpoint) =>
        ExecuteAsync(db, notifications, jobId,
            $"""
             UPDATE "jobs" SET "status" = {JobStatus.Active}, "started_at" = {checkpoint.StartedAt}, "text" = {checkpoint.Text},
                 "token_lengths" = {checkpoint.TokenLengths}, "tokens" = {checkpoint.Tokens}, "progress" = {checkpoint.Progress}
             WHERE "id" = {jobId} AND "locked_by" = {owner} AND "status" IN ({JobStatus.Waiting}, {JobStatus.Active})
             """);

    /// <param name="streamed">What the job streamed, when it ran here: saved with its end.</param>
    public static Task<int> EndAsync(
        KissChatDbContext db, JobNotifications notifications, Guid jobId, string owner, string status, string? result, string? error, DateTime finishedAt, Checkpoint? streamed) =>
        ExecuteAsync(db, notifications, jobId, streamed is null
            ? (FormattableString)$"""
                 UPDATE "jobs" SET "status" = {status}, "result" = {result}, "error" = {error}, "progress" = 100, "finished_at" = {finishedAt}
                 WHERE "id" = {jobId} AND "locked_by" = {owner} AND "status" IN ({JobStatus.Waiting}, {JobStatus.Active})
                 """
            : $"""
                 UPDATE "jobs" SET "status" = {status}, "result" = {result}, "error" = {error}, "progress" = 100, "finished_at" = {finishedAt},
                     "started_at" = {streamed.StartedAt}, "text" = {streamed.Text}, "token_lengths" = {streamed.TokenLengths}, "tokens" = {streamed.Tokens}
                 WHERE "id" = {jobId} AND "locked_by" = {owner} AND "status" IN ({JobStatus.Waiting}, {JobStatus.Active})
                 """);

    private static Task<int> ExecuteAsync(KissChatDbContext db, JobNotifications notifications, Guid jobId, FormattableString statement) =>
        db.Database.ExecuteSqlAsync(notifications.WithFramesNotice(statement, jobId), CancellationToken.None);
}
