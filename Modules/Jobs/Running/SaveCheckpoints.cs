using Coravel.Invocable;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

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
            await db.Set<Job>()
                .Where(j => j.Id == jobId && j.LockedBy == instance.Value && (j.Status == JobStatus.Waiting || j.Status == JobStatus.Active))
                .ExecuteUpdateAsync(
                    set => set.SetProperty(j => j.Status, JobStatus.Active).SetProperty(j => j.StartedAt, checkpoint!.StartedAt)
                        .SetProperty(j => j.Text, checkpoint.Text).SetProperty(j => j.TokenLengths, checkpoint.TokenLengths)
                        .SetProperty(j => j.Tokens, checkpoint.Tokens).SetProperty(j => j.Progress, checkpoint.Progress),
                    CancellationToken.None);
            await notifications.NotifyFramesAsync(db, jobId, CancellationToken.None);
        }

        await write.CommitAsync(CancellationToken.None);
    }
}
