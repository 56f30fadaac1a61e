using Microsoft.Extensions.Caching.Memory;

namespace KissChat.Lorebooks.Contracts;

/// <summary>
/// Lorebooks as the prompt reads them, kept between turns: a user's books by their id, each with the time its row last
/// changed (cards' own books are kept with their card, by the Characters module). The prompt reads the same books on every turn of a chat, and
/// parsing a big one anew cost more than the rest of the prompt. A change stores a new time, so a stale book is never
/// found, on this instance or another. Sized by the characters of their entries: at most about 32 MB of text, some
/// thirty world books of a thousand long entries; the least used go first.
/// </summary>
public sealed class ParsedLorebooks : IDisposable
{
    private readonly MemoryCache books = new(new MemoryCacheOptions { SizeLimit = 16_000_000 });

    public LoreBook? Find(Guid id, DateTime changedAt) => books.TryGetValue((id, changedAt), out LoreBook? book) ? book : null;

    public LoreBook Keep(Guid id, DateTime changedAt, LoreBook book)
    {
        books.Set((id, changedAt), book, new MemoryCacheEntryOptions { Size = SizeOf(book) });
        return book;
    }

    public void Dispose() => books.Dispose();

    private static long SizeOf(LoreBook book) =>
        1 + book.Entries.Sum(e => (long)e.Content.Length + e.Keys.Sum(k => k.Length) + e.SecondaryKeys.Sum(k => k.Length));
}
