using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Statistics;

namespace KissChat.Jobs;

internal sealed class JobStatistics(KissChatDbContext db) : IJobStatistics
{
    public Task<ActivityCount> CountEndedAsync(string status, ActivityWindows windows, CancellationToken cancellationToken) =>
        db.Set<Job>().Where(j => j.Status == status).CountActivityAsync(j => j.FinishedAt, windows, cancellationToken);
}
