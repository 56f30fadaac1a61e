using Microsoft.Extensions.Caching.Memory;

namespace KissChat.Characters.ListTags;

/// <summary>
/// The library's tag counts, kept for <c>Characters:TagListSeconds</c> (0: counted on every call): counting reads the tags
/// of every listed character, and the route is open to visitors. One answer is kept for each library (with NSFW characters
/// and without), its <see cref="ListTagsRequest.MaxLimit"/> most used tags, so a smaller limit takes its first ones. While
/// one request counts, others for the same answer wait for it rather than count too. A character that joins or leaves the
/// library shows in the counts within that time, on each instance.
/// </summary>
internal sealed class KeptTagCounts(TimeSpan keepFor) : IDisposable
{
    private readonly MemoryCache answers = new(new MemoryCacheOptions());
    private readonly SemaphoreSlim counting = new(1, 1);

    public async Task<IReadOnlyList<TagCount>> GetAsync(
        bool seesNsfw, Func<CancellationToken, Task<IReadOnlyList<TagCount>>> count, CancellationToken cancellationToken)
    {
        if (keepFor <= TimeSpan.Zero)
        {
            return await count(cancellationToken);
        }

        if (answers.TryGetValue(seesNsfw, out IReadOnlyList<TagCount>? kept))
        {
            return kept!;
        }

        await counting.WaitAsync(cancellationToken);
        try
        {
            if (!answers.TryGetValue(seesNsfw, out kept))
            {
                kept = answers.Set(seesNsfw, await count(cancellationToken), keepFor);
            }

            return kept!;
        }
        finally
        {
            counting.Release();
        }
    }

    public void Dispose()
    {
        answers.Dispose();
        counting.Dispose();
    }
}
