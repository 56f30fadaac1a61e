using KissChat.Characters.Cards;
using KissChat.Characters.Contracts;
using KissChat.Characters.Data;

namespace KissChat.Characters.Catalog;

internal static class CharacterCards
{
    public static CharacterCard From(Character character) => new(
        character.Id,
        character.Name,
        character.SystemInstruction,
        CharacterDescription.Build(character),
        character.Personality,
        character.Scenario,
        character.MesExample,
        character.PostHistoryInstructions,
        CardBook.Read(character));
}
