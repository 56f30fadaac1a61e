using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KissChat.Lorebooks.Contracts;

/// <summary>
/// Reads members of lorebook JSON from other apps forgivingly: a member of the wrong type counts as absent, so one odd
/// field never costs a whole book. What the result may hold is checked afterwards, like anything a user writes.
/// </summary>
public static class LoreJson
{
    public static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    public static bool? Flag(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public static int? Number(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<double>(out var value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : node?.GetValueKind() == JsonValueKind.String && int.TryParse(node.GetValue<string>(), out var parsed) ? parsed : null;

    /// <summary>
    /// Any finite number, or a string of one, as JavaScript's <c>Number()</c> reads the settings SillyTavern keeps on an
    /// entry; truncated, and clamped to what an int holds.
    /// </summary>
    public static int? Clamped(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.Number when node.AsValue().TryGetValue(out double number) && double.IsFinite(number) => (int)Math.Clamp(number, int.MinValue, int.MaxValue),
        JsonValueKind.String when double.TryParse(node.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)
            => (int)Math.Clamp(parsed, int.MinValue, int.MaxValue),
        _ => null,
    };

    /// <summary>A number within what a book may set, else absent: a card written elsewhere may hold anything.</summary>
    public static int? Between(JsonNode? node, int min, int max) => Number(node) is { } number && number >= min && number <= max ? number : null;

    /// <summary>An array's strings (other items skipped), or a comma-separated string's parts.</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node) => node switch
    {
        JsonArray items => [.. items.Select(Text).OfType<string>().Where(s => s.Trim().Length > 0)],
        _ when Text(node) is { } joined => [.. joined.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0)],
        _ => [],
    };

    /// <summary>SillyTavern's chance in percent, 0 to 100; 100 when absent or when <c>useProbability</c> is off.</summary>
    public static int Probability(JsonNode? probability, JsonNode? useProbability) =>
        Flag(useProbability) == false ? 100 : Math.Clamp(Number(probability) ?? 100, 0, 100);

    /// <summary>A position or role given as SillyTavern's number, or null when it is not one of those listed.</summary>
    public static string? Numbered(JsonNode? node, IReadOnlyList<string> names) =>
        Number(node) is { } index && index >= 0 && index < names.Count ? names[index] : null;
}
