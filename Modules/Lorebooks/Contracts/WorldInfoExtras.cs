using System.Text.Json.Nodes;

namespace KissChat.Lorebooks.Contracts;

/// <summary>
/// The members of SillyTavern's world-info entries that this server keeps without acting on them (see
/// <see cref="LoreEntry.Extensions"/>): picked out of what is imported, and written back over SillyTavern's defaults.
/// </summary>
internal static class WorldInfoExtras
{
    /// <summary>What SillyTavern writes for an entry that uses none of them; a member at its default is not kept.</summary>
    private static readonly JsonObject Defaults = new()
    {
        ["vectorized"] = false,
        ["delayUntilRecursion"] = false,
        ["group"] = "",
        ["groupOverride"] = false,
        ["groupWeight"] = 100,
        ["scanDepth"] = null,
        ["useGroupScoring"] = null,
        ["automationId"] = "",
        ["sticky"] = 0,
        ["cooldown"] = 0,
        ["delay"] = 0,
    };

    /// <summary>A card book's entry names them in snake case inside its <c>extensions</c>; these differ from world info's.</summary>
    private static readonly Dictionary<string, string> CardNames = new(StringComparer.Ordinal)
    {
        ["delay_until_recursion"] = "delayUntilRecursion",
        ["group_override"] = "groupOverride",
        ["group_weight"] = "groupWeight",
        ["scan_depth"] = "scanDepth",
        ["use_group_scoring"] = "useGroupScoring",
        ["automation_id"] = "automationId",
    };

    /// <summary>
    /// The members of a world-info entry, or of a card entry's <c>extensions</c>, that the reader did not take and that are
    /// not at SillyTavern's defaults, under world info's names, and the entry's position when ours only approximates it
    /// (<see cref="WorldInfoPositions.Approximated"/>); null when none is left.
    /// </summary>
    public static JsonObject? Keep(JsonObject members, IReadOnlySet<string> taken, int? position)
    {
        JsonObject? kept = WorldInfoPositions.Approximated(position) is { } approximated ? new() { ["position"] = approximated } : null;
        foreach (var (name, value) in members)
        {
            var worldInfoName = CardNames.GetValueOrDefault(name, name);
            if (taken.Contains(name) || (Defaults.TryGetPropertyValue(worldInfoName, out var standard) && JsonNode.DeepEquals(value, standard)))
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
        foreach (var (name, value) in Defaults)
        {
            entry[name] = kept?[name] is { } own ? own.DeepClone() : value?.DeepClone();
        }

        foreach (var (name, value) in kept ?? [])
        {
            if (!entry.ContainsKey(name))
            {
                entry[name] = value?.DeepClone();
            }
        }
    }
}
