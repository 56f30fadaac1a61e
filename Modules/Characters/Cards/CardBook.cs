using System.Text.Json.Nodes;
using KissChat.Characters.Data;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Characters.Cards;

/// <summary>
/// A character's own lorebook lives where an imported card had it, <c>data.character_book</c> of
/// <see cref="Character.CardExtras"/>, exactly as written, so exporting gives it back member for member.
/// </summary>
internal static class CardBook
{
    public const string Name = "character_book";

    public static JsonObject? Get(string? cardExtras) =>
        cardExtras is not null && cardExtras.Contains($"\"{Name}\"", StringComparison.Ordinal)
            && JsonNode.Parse(cardExtras)?[CardFields.DataPath] is JsonObject data
            ? data[Name] as JsonObject
            : null;

    /// <summary><paramref name="cardExtras"/> with the book replaced, or removed when <paramref name="book"/> is null.</summary>
    public static string? Set(string? cardExtras, JsonObject? book)
    {
        var extras = cardExtras is null ? new JsonObject() : JsonNode.Parse(cardExtras)!.AsObject();
        if (extras[CardFields.DataPath] is not JsonObject data)
        {
            data = [];
            extras[CardFields.DataPath] = data;
        }

        if (book is null)
        {
            data.Remove(Name);
        }
        else
        {
            data[Name] = book.DeepClone();
        }

        return cardExtras is null && book is null ? null : extras.ToJsonString(CardFields.Json);
    }
}
