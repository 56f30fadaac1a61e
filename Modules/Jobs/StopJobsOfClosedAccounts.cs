using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Jobs;

/// <summary>A banned or deleted account's unfinished jobs are stopped, wherever they run, so their streams end and their models stop.</summary>
internal sealed class StopJobsOfClosedAccounts(KissChatDbContext db, IJobs jobs) : IAccountClosing
{
    public async Task StopWorkAsync(Guid userId, CancellationToken cancellationToken)
    {
        var unfinished = await db.Set<Job>().AsNoTracking()
            .Where(j => j.UserId == userId && (j.Status == JobStatus.Waiting || j.Status == JobStatus.Active))
            .Select(j => j.Id)
            .ToListAsync(cancellationToken);
        foreach (var jobId in unfinished)
        {
            await jobs.RequestStopAsync(jobId, cancellationToken);
        }
    }
}
