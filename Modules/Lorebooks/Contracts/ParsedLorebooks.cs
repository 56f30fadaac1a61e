using KissChat.Kernel.Database;

namespace KissChat.Lorebooks.Contracts;

/// <summary>
/// Lorebooks as the prompt reads them, kept between turns: a user's books by their id, cards' own books by their
/// character's. Sized by the characters of their entries: at most about 32 MB of text, some thirty world books of a
/// thousand long entries.
/// </summary>
public sealed class ParsedLorebooks() : ParsedRows<LoreBook>(sizeLimit: 16_000_000)
{
    protected override long SizeOf(LoreBook value) =>
        1 + value.Entries.Sum(e => (long)e.Content.Length + e.Keys.Sum(k => k.Length) + e.SecondaryKeys.Sum(k => k.Length));
}
