using System.Text.Json.Nodes;
using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Characters.Cards;

/// <summary>What a prompt reads from a character's whole imported card (<see cref="Character.CardExtras"/>): its own book, its Character's Note and its regex scripts.</summary>
internal sealed record CardParts(LoreBook? Book, CharacterNote? Note, IReadOnlyList<RegexScript>? RegexScripts = null)
{
    public static readonly CardParts None = new(null, null);

    private static readonly string[] Members = [$"\"{CardBook.Name}\"", $"\"{CardNote.Name}\"", $"\"{CardRegexScripts.Name}\""];

    /// <summary>All from one parse of the card, and no parse at all for a card that holds none of them.</summary>
    public static CardParts Read(Character character)
    {
        var extras = character.CardExtras;
        if (extras is null
            || !Members.Any(member => extras.Contains(member, StringComparison.Ordinal))
            || JsonNode.Parse(extras)?[CardFields.DataPath] is not JsonObject data)
        {
            return None;
        }

        var extensions = data[CardFields.ExtensionsName] as JsonObject;
        return new CardParts(
            data[CardBook.Name] is JsonObject book ? CharacterBooks.Read(book, character.Name) : null,
            CardNote.From(extensions?[CardNote.Name] as JsonObject),
            CardRegexScripts.From(extensions?[CardRegexScripts.Name] as JsonArray));
    }
}
