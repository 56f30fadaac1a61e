using System.Text.Json.Nodes;

namespace KissChat.Lorebooks.Contracts;

/// <summary>
/// The members of SillyTavern's world-info entries that this server keeps without acting on them (see
/// <see cref="LoreEntry.Extensions"/>): picked out of what is imported, and written back over SillyTavern's defaults.
/// </summary>
internal static class WorldInfoExtras
{
    /// <summary>
    /// What SillyTavern writes for an entry that uses none of them (the first value; versions differ, so the others mean
    /// the same), written into every exported entry; a member at its default is not kept.
    /// </summary>
    private static readonly Dictionary<string, JsonNode?[]> Defaults = new(StringComparer.Ordinal)
    {
        ["vectorized"] = [false],
        ["ignoreBudget"] = [false],
        ["delayUntilRecursion"] = [0, false],
        ["outletName"] = [""],
        ["group"] = [""],
        ["groupOverride"] = [false],
        ["groupWeight"] = [100, null],
        ["scanDepth"] = [null],
        // Not false: that is "off" even where SillyTavern scores every group, and null "as set for all".
        ["useGroupScoring"] = [null],
        ["automationId"] = [""],
        ["sticky"] = [null, 0],
        ["cooldown"] = [null, 0],
        ["delay"] = [null, 0],
        ["matchPersonaDescription"] = [false],
        ["matchCharacterDescription"] = [false],
        ["matchCharacterPersonality"] = [false],
        ["matchCharacterDepthPrompt"] = [false],
        ["matchScenario"] = [false],
        ["matchCreatorNotes"] = [false],
        ["triggers"] = [new JsonArray()],
    };

    /// <summary>Members some of its files carry empty, which an export leaves out; kept only when they hold something.</summary>
    private static readonly Dictionary<string, JsonNode?[]> EmptyWhenUnused = new(StringComparer.Ordinal)
    {
        ["characterFilter"] = [null, new JsonObject { ["isExclude"] = false, ["names"] = new JsonArray(), ["tags"] = new JsonArray() }],
        ["extensions"] = [null, new JsonObject()],
    };

    /// <summary>A card book's entry names them in snake case inside its <c>extensions</c> where world info's differ.</summary>
    private static readonly Dictionary<string, string> CardNames = new(StringComparer.Ordinal)
    {
        ["ignore_budget"] = "ignoreBudget",
        ["delay_until_recursion"] = "delayUntilRecursion",
        ["outlet_name"] = "outletName",
        ["group_override"] = "groupOverride",
        ["group_weight"] = "groupWeight",
        ["scan_depth"] = "scanDepth",
        ["use_group_scoring"] = "useGroupScoring",
        ["automation_id"] = "automationId",
        ["match_persona_description"] = "matchPersonaDescription",
        ["match_character_description"] = "matchCharacterDescription",
        ["match_character_personality"] = "matchCharacterPersonality",
        ["match_character_depth_prompt"] = "matchCharacterDepthPrompt",
        ["match_scenario"] = "matchScenario",
        ["match_creator_notes"] = "matchCreatorNotes",
    };

    /// <summary>
    /// The members of a world-info entry, or of a card entry's <c>extensions</c>, that the reader did not take and that are
    /// not at SillyTavern's defaults, under world info's names; the entry's position when ours only approximates it
    /// (<see cref="WorldInfoPositions.Approximated"/>) and its chance while switched off (<see cref="WorldInfoChances"/>);
    /// null when none is left.
    /// </summary>
    public static JsonObject? Keep(JsonObject members, IReadOnlySet<string> taken, int? position)
    {
        JsonObject? kept = WorldInfoPositions.Approximated(position) is { } approximated ? new() { ["position"] = approximated } : null;
        if (WorldInfoChances.SwitchedOff(members["probability"], members["useProbability"]) is { } chance)
        {
            (kept ??= [])["probability"] = chance;
        }

        foreach (var (name, value) in members)
        {
            var worldInfoName = CardNames.GetValueOrDefault(name, name);
            if (taken.Contains(name) || IsDefault(worldInfoName, value))
            {
                continue;
            }

            (kept ??= [])[worldInfoName] = value?.DeepClone();
        }

        return kept;
    }

    /// <summary>Adds SillyTavern's defaults and the kept members to an entry being written, never over what it has from the entry itself.</summary>
    public static void WriteInto(JsonObject entry, JsonObject? kept)
    {
        foreach (var (name, values) in Defaults)
        {
            entry[name] = kept is not null && kept.TryGetPropertyValue(name, out var own) ? own?.DeepClone() : values[0]?.DeepClone();
        }

        foreach (var (name, value) in kept ?? [])
        {
            if (!entry.ContainsKey(name))
            {
                entry[name] = value?.DeepClone();
            }
        }
    }

    private static bool IsDefault(string name, JsonNode? value) =>
        (Defaults.TryGetValue(name, out var standard) || EmptyWhenUnused.TryGetValue(name, out standard)) && standard.Any(s => JsonNode.DeepEquals(value, s));
}

/// <summary>
/// SillyTavern's chance with its switch (<c>probability</c>, <c>useProbability</c>): an entry whose chance is switched off
/// always fires, here too (100), and the chance it had is kept, so that it is there again when switched back on there.
/// </summary>
internal static class WorldInfoChances
{
    /// <summary>The chance an entry has while its switch is off, when it is not 100 (worth keeping); null otherwise.</summary>
    public static int? SwitchedOff(JsonNode? probability, JsonNode? useProbability) =>
        LoreJson.Flag(useProbability) == false && LoreJson.Number(probability) is { } chance && chance != 100 ? Math.Clamp(chance, 0, 100) : null;

    /// <summary>The members to write: the kept chance, switched off, while the entry still always fires; its own chance otherwise.</summary>
    public static (int Probability, bool UseProbability) ToWorldInfo(int probability, JsonObject? extensions) =>
        probability == 100 && LoreJson.Number(extensions?["probability"]) is { } kept ? (kept, false) : (probability, true);
}
