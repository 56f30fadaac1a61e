using KissChat.Kernel.Identity;

namespace KissChat.Jobs;

/// <summary>A banned or deleted account's unfinished jobs are stopped, wherever they run, so their streams end and their models stop.</summary>
internal sealed class StopJobsOfClosedAccounts(Jobs jobs) : IAccountClosing
{
    public Task StopWorkAsync(Guid userId, CancellationToken cancellationToken) => jobs.StopUnfinishedAsync(j => j.UserId == userId, cancellationToken);
}
