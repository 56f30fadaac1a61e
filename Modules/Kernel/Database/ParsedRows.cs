using Microsoft.Extensions.Caching.Memory;

namespace KissChat.Kernel.Database;

/// <summary>
/// What rows' large JSON columns turn into, kept between requests by each row's id and the time it last changed: the
/// prompt reads the same books on every turn of a chat, and parsing a big one anew cost more than the rest of the
/// prompt. A change stores a new time, so a stale value is never found, on this instance or another. At most
/// <paramref name="sizeLimit"/> in the unit the subclass sizes values by; the least used go first.
/// </summary>
public abstract class ParsedRows<TValue>(long sizeLimit) : IDisposable
    where TValue : class
{
    private readonly MemoryCache values = new(new MemoryCacheOptions { SizeLimit = sizeLimit });

    public TValue? Find(Guid id, DateTime changedAt) => values.TryGetValue((id, changedAt), out TValue? value) ? value : null;

    public TValue Keep(Guid id, DateTime changedAt, TValue value)
    {
        values.Set((id, changedAt), value, new MemoryCacheEntryOptions { Size = SizeOf(value) });
        return value;
    }

    public void Dispose()
    {
        values.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract long SizeOf(TValue value);
}
