using KissChat.Characters.Cards;
using KissChat.Characters.Data;
using KissChat.Kernel.Caching;

namespace KissChat.Characters.Catalog;

/// <summary>
/// Cards' parts as the prompt reads them (<see cref="CardParts"/>), kept between turns by their character's version: every
/// turn reads its character's card, and parsing one with a big book anew cost more than the rest of the prompt. Sized by
/// the card's characters.
/// </summary>
internal sealed class ParsedCards : ParsedByVersion<CardParts>
{
    public CardParts For(Character character)
    {
        if (character.CardExtras is not { } extras)
        {
            return CardParts.None;
        }

        if (Find(character.Id, character.UpdatedAt) is { } parsed)
        {
            return parsed;
        }

        var parts = CardParts.Read(character);
        return Keep(character.Id, character.UpdatedAt, parts, parts == CardParts.None ? 1 : 1 + extras.Length);
    }
}
