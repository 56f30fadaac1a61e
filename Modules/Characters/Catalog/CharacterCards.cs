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
    public static CharacterCard ForOthers(Character character) => For(character, CardParts.Read(character), viewerId: null);

    /// <summary>The card as <paramref name="viewerId"/>'s chats have it (null: anyone's but its author's), saying whether its definition is hidden from them.</summary>
    public static CharacterCard For(Character character, CardParts card, Guid? viewerId) => new(
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
        [.. character.Tags],
        DefinitionHidden: !CharacterDefinition.IsVisibleTo(character, viewerId));
}
