using System.Collections.Concurrent;
using KissChat.Kernel.Http;

namespace KissChat.Jobs.Streaming;

/// <summary>Open SSE streams per user on this instance, capped so one account cannot hold every connection.</summary>
internal sealed class StreamSlots(RateLimitSettings limits, RateLimitRejections rejections)
{
    private readonly ConcurrentDictionary<Guid, int> open = new();

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

    /// <summary>A user with no stream left is forgotten: every account that ever streamed would otherwise stay here.</summary>
    private void Release(Guid userId)
    {
        if (open.AddOrUpdate(userId, 0, (_, count) => Math.Max(0, count - 1)) == 0)
        {
            // Only while still at zero: a stream opened since then counts from it.
            open.TryRemove(KeyValuePair.Create(userId, 0));
        }
    }

    /// <summary>Users holding a stream place here.</summary>
    public int Users => open.Count;

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
