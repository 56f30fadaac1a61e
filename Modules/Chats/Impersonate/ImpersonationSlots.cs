using KissChat.Kernel.Identity;

namespace KissChat.Chats.Impersonate;

/// <summary>
/// Impersonations being written per user on this instance, held with the user's replies to
/// <c>RateLimits:ConcurrentGenerationsPerUser</c> (each is a model call, and the open-stream limit alone would let ten
/// run), and stopped when the account is banned or deleted: at once through this instance, and as the session check finds
/// it through another (which cannot reach an impersonation here: it is stored nowhere).
/// </summary>
internal sealed class ImpersonationSlots(IClosedAccounts closedAccounts)
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
            users.TryGetValue(userId, out var held);
            if ((held?.Running ?? 0) >= limit)
            {
                return null;
            }

            if (held is null)
            {
                users[userId] = held = new UserSlots();
                // Not under the lock: a watch that finds the account closed at once closes it.
                var ended = held.Ended.Token;
                _ = Task.Run(() => WatchAsync(userId, ended), CancellationToken.None);
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
                held.Ended.Cancel();
            }
        }
    }

    /// <summary>Closes the user's slots here once another instance closes the account; ends with their last slot.</summary>
    private async Task WatchAsync(Guid userId, CancellationToken ended)
    {
        try
        {
            await closedAccounts.WhenClosedAsync(userId, ended);
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            return;
        }

        Close(userId);
    }

    private void Release(Guid userId, CancellationToken closed)
    {
        lock (gate)
        {
            // A closed account's slots were forgotten with it.
            if (users.TryGetValue(userId, out var held) && held.Closed.Token == closed && --held.Running == 0)
            {
                users.Remove(userId);
                held.Ended.Cancel();
                held.Closed.Dispose();
                held.Ended.Dispose();
            }
        }
    }

    private sealed class UserSlots
    {
        public int Running { get; set; }

        public CancellationTokenSource Closed { get; } = new();

        /// <summary>Cancelled when the user's last slot here is given back (or the account closed): the watch ends.</summary>
        public CancellationTokenSource Ended { get; } = new();
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
