using Microsoft.Extensions.Caching.Memory;

namespace KissChat.Auth.LogIn;

/// <summary>
/// Wrong passwords counted in this instance's memory, by key: a key that has had the limit within any
/// <paramref name="window"/> (see <see cref="FailureTally"/>) is locked for a while. A key is forgotten once neither its count nor its lock can matter any more, and the count is bounded so that
/// guessing at random keys cannot fill the memory: past the bound a new key goes uncounted and the cache drops a twentieth
/// of its keys, the least recently used (so a flood of random keys also wipes older counts; the account-wide lock, in the
/// database, stays).
/// </summary>
internal sealed class FailureCounts(TimeSpan window, TimeProvider clock) : IDisposable
{
    private readonly MemoryCache failures = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>How long <paramref name="key"/> is still locked out for, if it is.</summary>
    public TimeSpan? LockedOutFor(string key)
    {
        if (!failures.TryGetValue(key, out Failures? counted) || counted is null)
        {
            return null;
        }

        lock (counted)
        {
            var left = counted.LockedUntil - clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Counts a wrong password for <paramref name="key"/>; returns the lockout it started, if it was the <paramref name="limit"/>th of its count and the lockout lasts.</summary>
    public TimeSpan? CountFailure(string key, int limit, TimeSpan lockout)
    {
        var counted = failures.GetOrCreate(key, entry =>
        {
            entry.Size = 1;
            // Failures count until a window after the last of them, and a lock lasts a lockout from it: once both have passed, nothing is left.
            entry.SlidingExpiration = window > lockout ? window : lockout;
            return new Failures();
        })!;
        lock (counted)
        {
            var now = clock.GetUtcNow();
            (counted.Tally, var locks) = counted.Tally.Fail(now.UtcDateTime, window, limit);
            if (!locks)
            {
                return null;
            }

            counted.LockedUntil = now + lockout;
            // A lock of no time refuses nothing, as an account's does: Identity's has ended before the account is checked.
            return lockout > TimeSpan.Zero ? lockout : null;
        }
    }

    /// <summary>A right password ends the run of wrong ones, as Identity's count for an account ends.</summary>
    public void Forget(string key) => failures.Remove(key);

    public void Dispose() => failures.Dispose();

    private sealed class Failures
    {
        public FailureTally Tally { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
