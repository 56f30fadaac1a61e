using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Characters.Contracts;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Chats.Prompt;

/// <summary>
/// What a SillyTavern world-info entry says beyond its keys, kept in <see cref="LoreEntry.Extensions"/> under its names
/// (as imported, or as the lorebook API's <c>extensions</c> were written), read for the activation.
/// </summary>
internal static class SillyTavernEntry
{
    /// <summary>The inclusion groups it belongs to (<c>group</c>, names separated by commas).</summary>
    public static IReadOnlyList<string> Groups(LoreEntry entry) =>
        Value(entry, "group") is { } value && value.TryGetValue(out string? names)
            ? names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];

    /// <summary>Wins its inclusion groups over entries without it, the highest insertion order first.</summary>
    public static bool GroupOverride(LoreEntry entry) => Flag(entry, "groupOverride");

    /// <summary>Its chance among the other entries of a group that fire with it (SillyTavern's default, 100).</summary>
    public static int GroupWeight(LoreEntry entry) => Number(entry, "groupWeight") ?? 100;

    /// <summary>In its groups, only the entries whose keys match most are drawn from.</summary>
    public static bool GroupScoring(LoreEntry entry) => Flag(entry, "useGroupScoring");

    /// <summary>For an <c>outlet</c> entry: the name a <c>{{outlet::name}}</c> macro asks for its content by.</summary>
    public static string? OutletName(LoreEntry entry) =>
        Value(entry, "outletName") is { } value && value.TryGetValue(out string? name) && name.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    /// <summary>
    /// Besides the chat, its keys are looked for in these (<c>matchPersonaDescription</c>, <c>matchCharacterDescription</c>,
    /// <c>matchCharacterPersonality</c>, <c>matchCharacterDepthPrompt</c>, <c>matchScenario</c>).
    /// </summary>
    public static IEnumerable<string?> AlsoScanned(LoreEntry entry, LoreSources sources)
    {
        if (Flag(entry, "matchPersonaDescription"))
        {
            yield return sources.Persona;
        }

        if (Flag(entry, "matchCharacterDescription"))
        {
            yield return sources.Card?.Description;
        }

        if (Flag(entry, "matchCharacterPersonality"))
        {
            yield return sources.Card?.Personality;
        }

        if (Flag(entry, "matchCharacterDepthPrompt"))
        {
            yield return sources.Card?.Note?.Prompt;
        }

        if (Flag(entry, "matchScenario"))
        {
            yield return sources.Card?.Scenario;
        }
    }

    /// <summary>Goes in whatever its book's token budget has left.</summary>
    public static bool IgnoresBudget(LoreEntry entry) => Flag(entry, "ignoreBudget");

    /// <summary>Its own scan depth, over its book's.</summary>
    public static int? ScanDepth(LoreEntry entry) => Number(entry, "scanDepth") is >= 0 and var depth ? depth : null;

    /// <summary>Fires only once the chat has at least this many messages (<c>delay</c>).</summary>
    public static int Delay(LoreEntry entry) => Number(entry, "delay") ?? 0;

    /// <summary>Fires only in recursion, from this step on (<c>delayUntilRecursion</c>: true is 1); 0 when not delayed.</summary>
    public static int DelayUntilRecursion(LoreEntry entry) =>
        Value(entry, "delayUntilRecursion") is { } value && value.TryGetValue(out bool delayed) ? (delayed ? 1 : 0) : Math.Max(0, Number(entry, "delayUntilRecursion") ?? 0);

    /// <summary>The kinds of generation it fires for (<c>normal</c>, <c>continue</c>, <c>impersonate</c>, <c>swipe</c>…); empty for all.</summary>
    public static IReadOnlyList<string> Triggers(LoreEntry entry) =>
        entry.Extensions?["triggers"] is JsonArray triggers
            ? [.. triggers.OfType<JsonValue>().Select(t => t.TryGetValue(out string? kind) ? kind : null).OfType<string>()]
            : [];

    private static JsonValue? Value(LoreEntry entry, string name) => entry.Extensions?[name] as JsonValue;

    private static bool Flag(LoreEntry entry, string name) => Value(entry, name) is { } value && value.TryGetValue(out bool set) && set;

    private static int? Number(LoreEntry entry, string name) =>
        Value(entry, name) is { } value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out double number) && double.IsFinite(number)
            ? (int)Math.Clamp(number, int.MinValue, int.MaxValue)
            : null;
}
