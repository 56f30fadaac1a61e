using System.Collections.Concurrent;
using KissChat.Kernel.Http;

namespace KissChat.Jobs.Streaming;

/// <summary>Open SSE streams per user on this instance, capped so one account cannot hold every connection.</summary>
internal sealed class StreamSlots(RateLimitSettings limits, RateLimitRejections rejections)
{
    private readonly ConcurrentDictionary<Guid, int> open = new();

    public bool HasRoom(Guid userId) => open.GetValueOrDefault(userId) < limits.OpenStreamsPerUser;

    /// <summary>Stream places held on this instance, for the metrics (read when they are collected, not kept up to date).</summary>
    public int Open => open.Sum(user => user.Value);

    /// <summary>A slot held until the lease is disposed; null when the user's streams are at the cap.</summary>
    public IDisposable? TryOpen(Guid userId)
    {
        if (open.AddOrUpdate(userId, 1, (_, count) => count + 1) <= limits.OpenStreamsPerUser)
        {
            return new Lease(this, userId);
        }

        Release(userId);
        rejections.Count(RateLimits.OpenStreams);
        return null;
    }

    private void Release(Guid userId) => open.AddOrUpdate(userId, 0, (_, count) => Math.Max(0, count - 1));

    private sealed class Lease(StreamSlots slots, Guid userId) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                slots.Release(userId);
            }
        }
    }
}
