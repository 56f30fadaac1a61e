using System.Text.Json.Nodes;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Jobs.Running;

/// <summary>
/// Ends a job that no runner will finish: one stopped while still queued, or one whose instance died. Its
/// handler gives back what was prepaid, its streams get a final frame, and only then are they woken.
/// </summary>
internal sealed class UnrunJobs(LiveJobs liveJobs, JobNotifications notifications)
{
    /// <summary>
    /// Call inside the transaction that just moved the job to its final status; this adds the final
    /// <paramref name="frame"/> after the job's last one and commits.
    /// </summary>
    public async Task EndAsync(
        KissChatDbContext db, IDbContextTransaction transaction, IServiceProvider services, Guid jobId, JsonObject frame, DateTime now, CancellationToken cancellationToken)
    {
        var job = await db.Set<Job>().AsNoTracking().FirstAsync(j => j.Id == jobId, cancellationToken);
        await services.GetRequiredKeyedService<IJobHandler>(job.Kind).AbandonedAsync(job.Info(), cancellationToken);
        var lastSeq = await db.Set<JobEvent>().Where(e => e.JobId == jobId).MaxAsync(e => (int?)e.Seq, cancellationToken) ?? 0;
        db.Add(new JobEvent { JobId = jobId, Seq = lastSeq + 1, Type = (string)frame["status"]!, Data = JobFrames.ToJson(frame), CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await notifications.NotifyAsync(db, jobId, cancellationToken);
        liveJobs.Pulse(jobId);
    }
}
