using Coravel.Invocable;
using KissChat.Kernel.Database;

namespace KissChat.Jobs.Running;

/// <summary>
/// Every <c>Jobs:CheckpointSeconds</c>, one transaction saves the text of every job running here that streamed
/// something new, instead of a write per token or per job and tick. A stream resumed on another instance, or
/// after a crash, rebuilds the token frames from it.
/// </summary>
internal sealed class SaveCheckpoints(KissChatDbContext db, DatabaseSettings database, LiveJobs liveJobs, JobNotifications notifications, InstanceId instance) : IInvocable
{
    public async Task Invoke()
    {
        var due = new List<(Guid JobId, Checkpoint Checkpoint)>();
        foreach (var (jobId, log) in liveJobs.All)
        {
            if (log.TakeCheckpoint() is { } checkpoint)
            {
                due.Add((jobId, checkpoint));
            }
        }

        if (due.Count == 0)
        {
            return;
        }

        await using var write = await db.BeginWriteAsync(CancellationToken.None);
        await RunningJobRows.SaveCheckpointsAsync(db, database.Provider, instance.Value, due);
        await write.CommitAsync(CancellationToken.None);
        // A job passed over because its end was being stored is announced by that end too: a second notice costs a read.
        notifications.FramesChanged(due.Select(d => d.JobId));
    }
}
