using KissChat.Characters.Cards;
using KissChat.Characters.Contracts;
using KissChat.Characters.Data;

namespace KissChat.Characters.Catalog;

internal static class CharacterCards
{
    public static CharacterCard From(Character character) => From(character, CardParts.Read(character));

    public static CharacterCard From(Character character, CardParts card) => new(
        character.Id,
        character.Name,
        character.SystemInstruction,
        CharacterDescription.Build(character),
        character.Personality,
        character.Scenario,
        character.MesExample,
        character.PostHistoryInstructions,
        card.Book,
        card.Note,
        character.CreatorNotes,
        card.RegexScripts,
        [.. character.Tags]);
}
