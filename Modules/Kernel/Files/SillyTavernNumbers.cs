using System.Globalization;
using System.Text.Json.Nodes;

namespace KissChat.Kernel.Files;

/// <summary>
/// Numbers in SillyTavern's JSON files as its JavaScript wrote them: a finite number, and a setting kept as the index of
/// its name in a list (a role: 0 system, 1 user, 2 assistant; a position).
/// </summary>
public static class SillyTavernNumbers
{
    /// <summary>A finite JSON number; null for anything else (a text, a member left out).</summary>
    public static double? Finite(JsonNode? node) => node is JsonValue value && value.TryGetValue(out double number) && double.IsFinite(number) ? number : null;

    /// <summary>
    /// A finite number, or a text JavaScript's <c>Number()</c> reads as one (a blank text is 0), for the settings
    /// SillyTavern passes through it before use, so that a hand-edited <c>"4"</c> counts as 4; null for anything else.
    /// </summary>
    public static double? Coerced(JsonNode? node) =>
        Finite(node) ?? (node is JsonValue value && value.TryGetValue(out string? text)
            ? string.IsNullOrWhiteSpace(text) ? 0
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) ? parsed : null
            : null);

    /// <summary>The name a whole number within the list stands for; null for anything else.</summary>
    public static string? Named(double? number, IReadOnlyList<string> names) =>
        number is { } index && index >= 0 && index < names.Count && index == Math.Floor(index) ? names[(int)index] : null;

    /// <summary>The number a name is written as; -1 when it is not in the list.</summary>
    public static int Numbered(string name, IReadOnlyList<string> names)
    {
        for (var index = 0; index < names.Count; index++)
        {
            if (names[index] == name)
            {
                return index;
            }
        }

        return -1;
    }
}
