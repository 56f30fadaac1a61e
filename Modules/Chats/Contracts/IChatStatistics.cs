using KissChat.Kernel.Statistics;

namespace KissChat.Chats.Contracts;

/// <summary>What administrators may count of chats.</summary>
public interface IChatStatistics
{
    /// <summary>Chats that exist, by when they were started.</summary>
    Task<ActivityCount> CountChatsAsync(ActivityWindows windows, CancellationToken cancellationToken);
}
