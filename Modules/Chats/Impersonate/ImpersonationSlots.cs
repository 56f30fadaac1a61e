namespace KissChat.Chats.Impersonate;

/// <summary>
/// Impersonations being written per user on this instance, held with the user's replies to
/// <c>RateLimits:ConcurrentGenerationsPerUser</c> (each is a model call, and the open-stream limit alone would let ten
/// run), and stopped at once when the account is banned or deleted.
/// </summary>
internal sealed class ImpersonationSlots
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, UserSlots> users = [];

    /// <summary>How many the user has running here: they count with the user's replies against the same limit.</summary>
    public int Running(Guid userId)
    {
        lock (gate)
        {
            return users.TryGetValue(userId, out var held) ? held.Running : 0;
        }
    }

    /// <summary>A slot until disposed; null when the user already has <paramref name="limit"/> running.</summary>
    public Slot? TryTake(Guid userId, int limit)
    {
        lock (gate)
        {
            if (!users.TryGetValue(userId, out var held))
            {
                users[userId] = held = new UserSlots();
            }

            if (held.Running >= limit)
            {
                return null;
            }

            held.Running++;
            return new Slot(this, userId, held.Closed.Token);
        }
    }

    /// <summary>The account is closed: what it has running stops.</summary>
    public void Close(Guid userId)
    {
        lock (gate)
        {
            if (users.Remove(userId, out var held))
            {
                held.Closed.Cancel();
            }
        }
    }

    private void Release(Guid userId, CancellationToken closed)
    {
        lock (gate)
        {
            // A closed account's slots were forgotten with it.
            if (users.TryGetValue(userId, out var held) && held.Closed.Token == closed && --held.Running == 0)
            {
                users.Remove(userId);
                held.Closed.Dispose();
            }
        }
    }

    private sealed class UserSlots
    {
        public int Running { get; set; }

        public CancellationTokenSource Closed { get; } = new();
    }

    /// <param name="Closed">Cancelled when the account is banned or deleted.</param>
    internal sealed class Slot(ImpersonationSlots slots, Guid userId, CancellationToken closed) : IDisposable
    {
        private int disposed;

        public CancellationToken Closed => closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                slots.Release(userId, closed);
            }
        }
    }
}
