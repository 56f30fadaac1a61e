using KissChat.Characters.Cards;
using KissChat.Characters.Contracts;
using KissChat.Characters.Data;

namespace KissChat.Characters.Catalog;

internal static class CharacterCards
{
    /// <summary>
    /// The card as other users have it, for the copy their chats keep when its author withdraws it: the definition
    /// hidden from them if its author hides it.
    /// </summary>
    public static CharacterCard ForOthers(Character character) =>
        From(character, CardParts.Read(character)) with { DefinitionHidden = !CharacterDefinition.IsVisibleTo(character, viewerId: null) };

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
