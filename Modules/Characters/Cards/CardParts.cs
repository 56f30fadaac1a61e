using System.Text.Json.Nodes;
using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Characters.Cards;

/// <summary>What a prompt reads from a character's whole imported card (<see cref="Character.CardExtras"/>): its own book and its Character's Note.</summary>
internal sealed record CardParts(LoreBook? Book, CharacterNote? Note)
{
    public static readonly CardParts None = new(null, null);

    /// <summary>Both from one parse of the card, and no parse at all for a card that holds neither.</summary>
    public static CardParts Read(Character character)
    {
        var extras = character.CardExtras;
        if (extras is null
            || !(extras.Contains($"\"{CardBook.Name}\"", StringComparison.Ordinal) || extras.Contains($"\"{CardNote.Name}\"", StringComparison.Ordinal))
            || JsonNode.Parse(extras)?[CardFields.DataPath] is not JsonObject data)
        {
            return None;
        }

        return new CardParts(
            data[CardBook.Name] is JsonObject book ? CharacterBooks.Read(book, character.Name) : null,
            CardNote.From(data[CardFields.ExtensionsName]?[CardNote.Name] as JsonObject));
    }
}
