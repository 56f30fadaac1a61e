using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Lorebooks.Data;

namespace KissChat.Lorebooks.Contracts;

/// <summary>
/// A Character Card V2/V3 <c>character_book</c>: the card's own lorebook, which drives the prompt like any other. Cards from
/// SillyTavern keep its richer settings (position by number, depth, selective logic, whole words…) in each entry's
/// <c>extensions</c>; those win over the spec's members.
/// </summary>
public static class CharacterBooks
{
    /// <summary>The book as a <see cref="LoreBook"/>; entries that are not objects are skipped, odd members count as absent.</summary>
    public static LoreBook Read(JsonObject book, string fallbackName)
    {
        var entries = (book["entries"] as JsonArray ?? []).OfType<JsonObject>().Select((entry, index) => Entry(entry, index)).ToList();
        return new LoreBook(
            LoreJson.Text(book["name"]) is { Length: > 0 } name ? name : fallbackName,
            LoreJson.Text(book["description"]),
            LoreJson.Between(book["scan_depth"], 0, LorebookLimits.MaxScanDepth),
            LoreJson.Between(book["token_budget"], 1, LorebookLimits.MaxTokenBudget),
            LoreJson.Flag(book["recursive_scanning"]) ?? false,
            entries);
    }

    /// <summary>What is wrong with a book a user sends as the character's, by the member's path; empty when it is usable.</summary>
    public static Dictionary<string, string[]> Problems(JsonObject book, string path)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (book["entries"] is not JsonArray entries)
        {
            problems[$"{path}.entries"] = ["'entries' must be an array of entries."];
            return problems;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var at = $"{path}.entries[{i}]";
            if (entries[i] is not JsonObject entry)
            {
                problems[at] = ["Each entry must be an object."];
                continue;
            }

            if (entry["keys"] is not JsonArray keys || keys.Any(k => k?.GetValueKind() != JsonValueKind.String))
            {
                problems[$"{at}.keys"] = ["'keys' must be an array of strings."];
            }

            if (entry["content"]?.GetValueKind() != JsonValueKind.String)
            {
                problems[$"{at}.content"] = ["'content' must be a string."];
            }

            var read = Entry(entry, i);
            if (read.Keys.Concat(read.SecondaryKeys).Select(k => LoreKeys.Problem(k, read.UseRegex)).FirstOrDefault(p => p is not null) is { } keyProblem)
            {
                problems[$"{at}.keys"] = [keyProblem];
            }
        }

        return problems;
    }

    private static LoreEntry Entry(JsonObject entry, int index)
    {
        var extensions = entry["extensions"] as JsonObject ?? [];
        return new LoreEntry
        {
            Id = LoreJson.Number(entry["id"]) ?? index,
            Keys = LoreJson.Strings(entry["keys"]),
            SecondaryKeys = LoreJson.Strings(entry["secondary_keys"]),
            Content = LoreJson.Text(entry["content"]) ?? "",
            Comment = LoreJson.Text(entry["comment"]) is { Length: > 0 } comment ? comment : LoreJson.Text(entry["name"]),
            Enabled = LoreJson.Flag(entry["enabled"]) ?? true,
            Constant = LoreJson.Flag(entry["constant"]) ?? false,
            Selective = LoreJson.Flag(entry["selective"]) ?? false,
            SelectiveLogic = LoreJson.Numbered(extensions["selectiveLogic"], SelectiveLogics.All) ?? SelectiveLogics.AndAny,
            InsertionOrder = LoreJson.Number(entry["insertion_order"]) ?? 100,
            Position = WorldInfoPositions.FromNumber(LoreJson.Number(extensions["position"]))
                ?? (LoreJson.Text(entry["position"]) == "after_char" ? LorePositions.AfterCharacter : LorePositions.BeforeCharacter),
            Depth = LoreJson.Between(extensions["depth"], 0, LorebookLimits.MaxDepth) ?? 4,
            Role = LoreJson.Numbered(extensions["role"], LoreRoles.All) ?? LoreRoles.System,
            // SillyTavern reads only its extension (convertCharacterBook); the spec's own member where that is unset.
            CaseSensitive = LoreJson.Flag(extensions["case_sensitive"]) ?? LoreJson.Flag(entry["case_sensitive"]),
            MatchWholeWords = LoreJson.Flag(extensions["match_whole_words"]),
            UseRegex = LoreJson.Flag(entry["use_regex"]) ?? false,
            ExcludeRecursion = LoreJson.Flag(extensions["exclude_recursion"]) ?? false,
            PreventRecursion = LoreJson.Flag(extensions["prevent_recursion"]) ?? false,
            Probability = LoreJson.Probability(extensions["probability"], extensions["useProbability"]),
            Extensions = WorldInfoExtras.Keep(extensions, TakenExtensions, LoreJson.Number(extensions["position"])),
        };
    }

    /// <summary>The members of an entry's <c>extensions</c> it is read from (SillyTavern's display index is its list order).</summary>
    private static readonly FrozenSet<string> TakenExtensions = FrozenSet.Create(
        StringComparer.Ordinal,
        "depth", "selectiveLogic", "position", "role", "case_sensitive", "match_whole_words", "exclude_recursion", "prevent_recursion",
        "probability", "useProbability", "display_index");
}

/// <summary>SillyTavern's numbered positions, as far as they map onto ours.</summary>
public static class WorldInfoPositions
{
    /// <summary>
    /// 0 before and 1 after the character, 4 at a depth; 2 and 3 (around the author's note) become at a depth, which is
    /// where the note is; 5 and 6 (around the example dialogue) become after the character, just before the examples; 7 is
    /// an outlet.
    /// </summary>
    public static string? FromNumber(int? position) => position switch
    {
        0 => LorePositions.BeforeCharacter,
        1 or 5 or 6 => LorePositions.AfterCharacter,
        2 or 3 or 4 => LorePositions.AtDepth,
        7 => LorePositions.Outlet,
        _ => null,
    };

    /// <summary>
    /// SillyTavern's number for the position: the one it was imported with (kept in the entry's extensions) while it still
    /// maps to it, so an entry around the author's note or the examples goes back where it was.
    /// </summary>
    public static int ToNumber(string position, int? imported) => imported is { } number && FromNumber(number) == position
        ? number
        : position switch
        {
            LorePositions.AfterCharacter => 1,
            LorePositions.AtDepth => 4,
            LorePositions.Outlet => 7,
            _ => 0,
        };

    /// <summary>The imported number worth keeping: one that ours only approximates.</summary>
    public static int? Approximated(int? number) => number is 2 or 3 or 5 or 6 ? number : null;
}
