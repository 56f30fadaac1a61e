using System.Collections.Concurrent;
using KissChat.Kernel.Http;

namespace KissChat.Jobs.Streaming;

/// <summary>Open SSE streams per user on this instance, capped so one account cannot hold every connection.</summary>
internal sealed class StreamSlots(RateLimitSettings limits)
{
    private readonly ConcurrentDictionary<Guid, int> open = new();

    public bool HasRoom(Guid userId) => open.GetValueOrDefault(userId) < limits.OpenStreamsPerUser;

    public bool TryAcquire(Guid userId)
    {
        if (open.AddOrUpdate(userId, 1, (_, count) => count + 1) <= limits.OpenStreamsPerUser)
        {
            return true;
        }

        Release(userId);
        return false;
    }

    public void Release(Guid userId) => open.AddOrUpdate(userId, 0, (_, count) => Math.Max(0, count - 1));
}
