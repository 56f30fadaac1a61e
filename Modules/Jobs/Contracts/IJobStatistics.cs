using KissChat.Kernel.Statistics;

namespace KissChat.Jobs.Contracts;

/// <summary>What administrators may count of jobs (replies, today).</summary>
public interface IJobStatistics
{
    /// <summary>Jobs that ended with <paramref name="status"/> (a <see cref="JobStatus"/>), by when they ended.</summary>
    Task<ActivityCount> CountEndedAsync(string status, ActivityWindows windows, CancellationToken cancellationToken);
}
