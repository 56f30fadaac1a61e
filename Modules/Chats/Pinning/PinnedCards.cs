using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using Microsoft.Extensions.Caching.Memory;

namespace KissChat.Chats.Pinning;

/// <summary>
/// A chat's pinned copy of its character, as its stored JSON. Each turn of a pinned chat reads the copy for its prompt,
/// and a copy carrying a world book of a thousand entries took tens of milliseconds to parse. Large copies are kept by
/// their exact text, so the same text is parsed once; at most about 64 MB of it, the least used going first.
/// </summary>
internal static class PinnedCards
{
    /// <summary>A copy without a book is a few kilobytes and parses in microseconds: not worth keeping.</summary>
    private const int ShortestKept = 16 * 1024;

    private static readonly MemoryCache Parsed = new(new MemoryCacheOptions { SizeLimit = 32_000_000 });

    public static string Write(CharacterCard card) => JsonSerializer.Serialize(card, JsonColumns.Options);

    public static CharacterCard Read(string json)
    {
        if (json.Length < ShortestKept)
        {
            return Parse(json);
        }

        var key = new StoredText(json);
        if (!Parsed.TryGetValue(key, out CharacterCard? card))
        {
            card = Parse(json);
            Parsed.Set(key, card, new MemoryCacheEntryOptions { Size = json.Length });
        }

        return card!;
    }

    private static CharacterCard Parse(string json) =>
        JsonSerializer.Deserialize<CharacterCard>(json, JsonColumns.Options) ?? throw new JsonException("A pinned copy is stored as null.");

    /// <summary>Equal only to the same text: a hash alone could hand one chat another's character.</summary>
    private readonly record struct StoredText(string Json)
    {
        public override int GetHashCode() => (int)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(Json.AsSpan()));
    }
}
