using System.Text.Json;
using System.Text.Json.Nodes;

namespace KissChat.Characters.Cards;

/// <summary>
/// What KissChat makes of a card's values, and when a character's value still says what the card's did. Only what
/// KissChat itself needs is changed, and only in the columns: the card is kept whole and exported as written.
/// </summary>
internal static class CardValues
{
    /// <summary>As written, except that blank is "not given" (null) and NUL, which PostgreSQL cannot store in text, is left out.</summary>
    public static string? Stored(string? text) =>
        text?.Replace("\0", "", StringComparison.Ordinal) is { } storable && !string.IsNullOrWhiteSpace(storable) ? storable : null;

    /// <summary>Blank greetings are left out: each one is offered as the first message of a chat.</summary>
    public static List<string> StoredGreetings(IEnumerable<string?> greetings) => greetings.Select(Stored).OfType<string>().ToList();

    /// <summary>
    /// Trimmed, blank ones left out, each once ignoring case (the first spelling wins): the public library matches a tag
    /// filter against whole tags ignoring case, and lists show each tag once.
    /// </summary>
    public static List<string> MatchableTags(IEnumerable<string?> tags) =>
        tags.Select(Canonical).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>
    /// Whether the character's <paramref name="current"/> value is the card's <paramref name="original"/> one, whitespace
    /// at either end and NUL aside. Then the export gives back the card's own value, byte for byte and null as null; and
    /// since typed text is trimmed, saving an imported text again unchanged keeps it the card's.
    /// </summary>
    public static bool Same(CardValue kind, JsonNode? current, JsonNode? original) => kind switch
    {
        CardValue.Text => TextOf(current, out var now) && TextOf(original, out var then) && Canonical(now) == Canonical(then),
        CardValue.TextList => ListOf(current, out var now) && ListOf(original, out var then)
            && Canonicals(now).SequenceEqual(Canonicals(then), StringComparer.Ordinal),
        CardValue.Tags when original?.GetValueKind() == JsonValueKind.String => ListOf(current, out var now) && MatchableTags(now).Count == 0,
        CardValue.Tags => ListOf(current, out var now) && ListOf(original, out var then)
            && MatchableTags(now).SequenceEqual(MatchableTags(then), StringComparer.Ordinal),
        _ => JsonNode.DeepEquals(current, original),
    };

    /// <summary>A member of a card's JSON that is text; null when it is absent or of another type.</summary>
    public static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string? Canonical(string? text) => Stored(text)?.Trim();

    private static IEnumerable<string> Canonicals(IEnumerable<string?> texts) => texts.Select(Canonical).OfType<string>();

    private static bool TextOf(JsonNode? node, out string? text)
    {
        text = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        return node is null || text is not null;
    }

    /// <summary>Null counts as an empty list, as an absent list is stored as none.</summary>
    private static bool ListOf(JsonNode? node, out List<string?> items)
    {
        items = [];
        if (node is null)
        {
            return true;
        }

        if (node is not JsonArray array || !array.All(i => i?.GetValueKind() == JsonValueKind.String))
        {
            return false;
        }

        items = [.. array.Select(i => i!.GetValue<string>())];
        return true;
    }
}
