using KissChat.Kernel.Caching;

namespace KissChat.Lorebooks.Contracts;

/// <summary>
/// Lorebooks as the prompt reads them, kept between turns: a user's books by their id (cards' own books are kept with
/// their card, by the Characters module). The prompt reads the same books on every turn of a chat, and parsing a big one
/// anew cost more than the rest of the prompt. Sized by the characters of their entries: some thirty world books of a
/// thousand long entries.
/// </summary>
public sealed class ParsedLorebooks : ParsedByVersion<LoreBook>
{
    public LoreBook Keep(Guid id, DateTime changedAt, LoreBook book) =>
        Keep(id, changedAt, book, 1 + book.Entries.Sum(e => (long)e.Content.Length + e.Keys.Sum(k => k.Length) + e.SecondaryKeys.Sum(k => k.Length)));
}
