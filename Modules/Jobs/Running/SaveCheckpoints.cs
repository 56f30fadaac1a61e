using Coravel.Invocable;
using KissChat.Kernel.Database;

namespace KissChat.Jobs.Running;

/// <summary>
/// Every <c>Jobs:CheckpointSeconds</c>, one transaction saves the text of every job running here that streamed
/// something new, instead of a write per token or per job and tick. A stream resumed on another instance, or
/// after a crash, rebuilds the token frames from it.
/// </summary>
internal sealed class SaveCheckpoints(KissChatDbContext db, LiveJobs liveJobs, JobNotifications notifications, InstanceId instance) : IInvocable
{
    public async Task Invoke()
    {
        var due = liveJobs.All.Select(live => (JobId: live.Key, Checkpoint: live.Value.TakeCheckpoint())).Where(c => c.Checkpoint is not null).ToList();
        if (due.Count == 0)
        {
            return;
        }

        await using var write = await db.BeginWriteAsync(CancellationToken.None);
        foreach (var (jobId, checkpoint) in due)
        {
            await RunningJobRows.SaveCheckpointAsync(db, notifications, jobId, instance.Value, checkpoint!);
        }

        await write.CommitAsync(CancellationToken.None);
    }
}
