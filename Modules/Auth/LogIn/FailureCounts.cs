using Microsoft.Extensions.Caching.Memory;

namespace KissChat.Auth.LogIn;

/// <summary>
/// Wrong passwords counted in this instance's memory, by key: a key that has had the limit in a row is locked for a
/// while. A key is forgotten a day after its last failure, and the count is bounded so that guessing at random keys
/// cannot fill the memory: past the bound a new key goes uncounted and the cache drops a twentieth of its keys, the least
/// recently used (so a flood of random keys also wipes older counts; the account-wide lock, in the database, stays).
/// </summary>
internal sealed class FailureCounts(TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

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

    /// <summary>Counts a wrong password for <paramref name="key"/>; returns the lockout it started, if it was the <paramref name="limit"/>th in a row.</summary>
    public TimeSpan? CountFailure(string key, int limit, TimeSpan lockout)
    {
        var counted = failures.GetOrCreate(key, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = ForgetAfter;
            return new Failures();
        })!;
        lock (counted)
        {
            if (++counted.Count < limit)
            {
                return null;
            }

            counted.Count = 0;
            counted.LockedUntil = clock.GetUtcNow() + lockout;
            return lockout;
        }
    }

    /// <summary>A right password ends the run of wrong ones, as Identity's count for an account ends.</summary>
    public void Forget(string key) => failures.Remove(key);

    public void Dispose() => failures.Dispose();

    private sealed class Failures
    {
        public int Count { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
