using KissChat.Characters.Cards;
using KissChat.Characters.Data;
using Microsoft.Extensions.Caching.Memory;

namespace KissChat.Characters.Catalog;

/// <summary>
/// Cards' parts as the prompt reads them (<see cref="CardParts"/>), kept between turns by their character's id and time of
/// change: every turn reads its character's card, and parsing one with a big book anew cost more than the rest of the
/// prompt. A change stores a new time, so a stale card is never found, on this instance or another. Sized by the card's
/// characters, at most about 32 MB; the least used go first.
/// </summary>
internal sealed class ParsedCards : IDisposable
{
    private readonly MemoryCache cards = new(new MemoryCacheOptions { SizeLimit = 16_000_000 });

    public CardParts For(Character character)
    {
        if (character.CardExtras is not { } extras)
        {
            return CardParts.None;
        }

        var key = (character.Id, character.UpdatedAt);
        if (cards.TryGetValue(key, out CardParts? parts))
        {
            return parts!;
        }

        parts = CardParts.Read(character);
        cards.Set(key, parts, new MemoryCacheEntryOptions { Size = parts == CardParts.None ? 1 : 1 + extras.Length });
        return parts;
    }

    public void Dispose() => cards.Dispose();
}
