using System.Text.Json.Nodes;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Lorebooks.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.Cards;

/// <summary>
/// A character's own lorebook lives where an imported card had it, <c>data.character_book</c> of
/// <see cref="Character.CardExtras"/>, exactly as written, so exporting gives it back member for member.
/// </summary>
internal static class CardBook
{
    public const string Name = "character_book";

    /// <summary>In a card's text only when it has a book (or mentions one): a cheap test before parsing a card.</summary>
    private const string Marker = $"\"{Name}\"";

    public static JsonObject? Get(string? cardExtras) =>
        cardExtras is not null && cardExtras.Contains(Marker, StringComparison.Ordinal)
            && JsonNode.Parse(cardExtras)?[CardFields.DataPath] is JsonObject data
            ? data[Name] as JsonObject
            : null;

    /// <summary>
    /// The books of these characters (those that have one), read out of their cards by the database, so a list of
    /// characters sends and parses only the books, not the cards around them (an extension may be megabytes). As
    /// <see cref="Get"/> finds them: PostgreSQL's <c>json</c> keeps the book's text as written, SQLite gives it minified.
    /// </summary>
    public static async Task<Dictionary<Guid, JsonObject>> OfAsync(
        KissChatDbContext db, DatabaseProvider provider, IReadOnlyCollection<Guid> characterIds, CancellationToken cancellationToken)
    {
        if (characterIds.Count == 0)
        {
            return [];
        }

        var books = provider switch
        {
            DatabaseProvider.Postgres => db.Database.SqlQuery<StoredBook>(
                $"""SELECT id AS "Id", (card_extras::json -> {CardFields.DataPath} -> {Name})::text AS "Book" FROM characters WHERE strpos(card_extras, {Marker}) > 0"""),
            _ => db.Database.SqlQuery<StoredBook>(
                $"""SELECT "id" AS "Id", "card_extras" -> {$"$.{CardFields.DataPath}.{Name}"} AS "Book" FROM "characters" WHERE instr("card_extras", {Marker}) > 0"""),
        };
        var stored = await books.Where(b => characterIds.Contains(b.Id)).ToListAsync(cancellationToken);
        return stored.Select(b => (b.Id, Book: b.Book is null ? null : JsonNode.Parse(b.Book) as JsonObject))
            .Where(b => b.Book is not null)
            .ToDictionary(b => b.Id, b => b.Book!);
    }

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

    private sealed record StoredBook(Guid Id, string? Book);
}
