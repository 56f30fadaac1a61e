using KissChat.Characters.Cards;
using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Characters.Catalog;

internal static class CharacterCards
{
    public static CharacterCard From(Character character) => From(character, CardBook.Read(character));

    public static CharacterCard From(Character character, LoreBook? book) => new(
        character.Id,
        character.Name,
        character.SystemInstruction,
        CharacterDescription.Build(character),
        character.Personality,
        character.Scenario,
        character.MesExample,
        character.PostHistoryInstructions,
        book,
        CardNote.Read(character.CardExtras));
}
