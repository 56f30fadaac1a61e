using System.IO.Hashing;
using System.Runtime.InteropServices;
using KissChat.Inference.Contracts;
using Microsoft.Extensions.Caching.Memory;

namespace KissChat.Inference.Tokens;

/// <summary>
/// Remembers what longer texts counted, across prompts: every turn of a chat counts the same stored messages again, and
/// tokenizing them was most of a long chat's prompt. A text is known by its 64-bit hash and length, not kept itself; the
/// cache holds at most <paramref name="capacity"/> counts and lets the least used go first.
/// </summary>
internal sealed class RememberedTokenCounts(ITokenCounter counter, int capacity) : ITokenCounter, IDisposable
{
    /// <summary>Shorter texts are counted each time: that costs about what looking them up would.</summary>
    public const int ShortestRemembered = 64;

    private readonly MemoryCache counts = new(new MemoryCacheOptions { SizeLimit = capacity });

    public string Name => counter.Name;

    public int Count(string text)
    {
        if (text.Length < ShortestRemembered)
        {
            return counter.Count(text);
        }

        var key = (XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text.AsSpan())), text.Length);
        if (!counts.TryGetValue(key, out int tokens))
        {
            tokens = counter.Count(text);
            counts.Set(key, tokens, new MemoryCacheEntryOptions { Size = 1 });
        }

        return tokens;
    }

    public void Dispose() => counts.Dispose();
}
