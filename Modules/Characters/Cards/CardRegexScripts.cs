using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Characters.Contracts;

namespace KissChat.Characters.Cards;

/// <summary>
/// The regex scripts of an imported card (<c>data.extensions.regex_scripts</c>, SillyTavern's), those that are switched
/// on and have a pattern; the card keeps every one as written for its export.
/// </summary>
internal static class CardRegexScripts
{
    public const string Name = "regex_scripts";

    /// <summary>More than a card needs; what a character's chats run per message stays bounded.</summary>
    private const int MaxScripts = 50;

    private const int MaxPatternLength = 10_000;

    public static IReadOnlyList<RegexScript>? From(JsonArray? scripts)
    {
        var read = scripts?.OfType<JsonObject>().Select(Read).OfType<RegexScript>().Take(MaxScripts).ToList();
        return read is { Count: > 0 } ? read : null;
    }

    private static RegexScript? Read(JsonObject script)
    {
        if (Flag(script, "disabled") || CardValues.Text(script, "findRegex") is not { Length: > 0 and <= MaxPatternLength } find)
        {
            return null;
        }

        return new RegexScript(
            CardValues.Text(script, "scriptName") ?? "",
            find,
            CardValues.Text(script, "replaceString") is { Length: <= MaxPatternLength } replace ? replace : "",
            script["trimStrings"] is JsonArray trims ? [.. trims.OfType<JsonValue>().Select(t => t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null).OfType<string>().Where(t => t.Length > 0)] : [],
            script["placement"] is JsonArray placements ? [.. placements.Select(Number).OfType<int>()] : [],
            Flag(script, "markdownOnly"),
            Flag(script, "promptOnly"),
            // A flag in SillyTavern's older scripts, a number in its newer ones (0 none, 1 raw, 2 escaped).
            Flag(script, "substituteRegex") || Number(script["substituteRegex"]) > 0,
            Number(script["minDepth"]),
            Number(script["maxDepth"]));
    }

    private static bool Flag(JsonObject script, string name) => script[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    private static int? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out double number) && double.IsFinite(number)
            ? (int)Math.Clamp(number, -1, int.MaxValue)
            : null;
}
