using Microsoft.Extensions.Caching.Memory;

namespace KissChat.Kernel.Caching;

/// <summary>
/// What was parsed from a row, kept between requests by the row's id and the time it last changed: a change stores a new
/// time, so a stale value is never found, on this instance or another. Each value is sized by its keeper (about the
/// characters it holds), at most 16 million in all; the least used go first.
/// </summary>
public abstract class ParsedByVersion<TValue> : IDisposable
    where TValue : class
{
    private readonly MemoryCache values = new(new MemoryCacheOptions { SizeLimit = 16_000_000 });

    public TValue? Find(Guid id, DateTime changedAt) => values.TryGetValue((id, changedAt), out TValue? value) ? value : null;

    public void Dispose()
    {
        values.Dispose();
        GC.SuppressFinalize(this);
    }

    protected TValue Keep(Guid id, DateTime changedAt, TValue value, long size)
    {
        values.Set((id, changedAt), value, new MemoryCacheEntryOptions { Size = size });
        return value;
    }
}
