using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Kernel.Files;
using KissChat.Lorebooks.Contracts;
using KissChat.Lorebooks.Data;

namespace KissChat.Lorebooks.Formats;

/// <summary>
/// The files lorebooks travel in: SillyTavern's world info (<c>{"entries": {"0": {…}}}</c>), a Character Card V2/V3
/// <c>character_book</c>, a whole card carrying one, or another app's (<see cref="ForeignLorebooks"/>). Reading forgives odd members (see <see cref="LoreJson"/>); the
/// result is validated like a book written by hand.
/// </summary>
internal static class LorebookFile
{
    public const string DefaultName = "Imported lorebook";

    /// <summary>The book the JSON holds, or null when it is none of these.</summary>
    /// <param name="fileName">
    /// The uploaded file's name (without its extension), if it came as a file: SillyTavern names a world by it, whatever
    /// the world holds; other books are named by it when they name nothing themselves.
    /// </param>
    public static LoreBook? Read(JsonObject file, string? fileName)
    {
        var unnamed = fileName ?? DefaultName;
        return file switch
        {
            { } when ForeignLorebooks.Read(file, unnamed) is { } foreign => foreign,
            { } when file["entries"] is JsonObject entries => WorldInfo(file, entries, fileName),
            { } when file["entries"] is JsonArray => CharacterBooks.Read(file, unnamed),
            { } when file["data"] is JsonObject card && card["character_book"] is JsonObject book => CharacterBooks.Read(book, LoreJson.Text(card["name"]) ?? unnamed),
            _ => null,
        };
    }

    /// <summary>The world info file as its UTF-8 bytes, indented like SillyTavern's own.</summary>
    public static byte[] ToUtf8(LoreBook book) => JsonFile.ToUtf8(Write(book));

    /// <summary>
    /// SillyTavern's world info: every entry with all the members SillyTavern writes, so it imports there unchanged. The
    /// book's own settings ride along as top-level members, which SillyTavern ignores and this server reads back.
    /// </summary>
    public static JsonObject Write(LoreBook book)
    {
        var entries = new JsonObject();
        for (var i = 0; i < book.Entries.Count; i++)
        {
            var entry = book.Entries[i];
            var chance = WorldInfoChances.ToWorldInfo(entry.Probability, entry.Extensions);
            var written = new JsonObject
            {
                ["uid"] = entry.Id,
                ["key"] = new JsonArray([.. entry.Keys.Select(k => JsonValue.Create(k))]),
                ["keysecondary"] = new JsonArray([.. entry.SecondaryKeys.Select(k => JsonValue.Create(k))]),
                ["comment"] = entry.Comment ?? "",
                ["content"] = entry.Content,
                ["constant"] = entry.Constant,
                ["selective"] = entry.Selective,
                ["selectiveLogic"] = Index(SelectiveLogics.All, entry.SelectiveLogic),
                ["addMemo"] = entry.Comment is not null,
                ["order"] = entry.InsertionOrder,
                ["position"] = WorldInfoPositions.ToNumber(entry.Position, LoreJson.Number(entry.Extensions?["position"])),
                ["disable"] = !entry.Enabled,
                ["excludeRecursion"] = entry.ExcludeRecursion,
                ["preventRecursion"] = entry.PreventRecursion,
                ["probability"] = chance.Probability,
                ["useProbability"] = chance.UseProbability,
                ["depth"] = entry.Depth,
                ["caseSensitive"] = entry.CaseSensitive,
                ["matchWholeWords"] = entry.MatchWholeWords,
                ["role"] = Index(LoreRoles.All, entry.Role),
                ["displayIndex"] = LoreJson.Number(entry.Extensions?["displayIndex"]) ?? i,
            };
            WorldInfoExtras.WriteInto(written, entry.Extensions);
            entries[entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = written;
        }

        return new JsonObject
        {
            ["name"] = book.Name,
            ["description"] = book.Description,
            ["scan_depth"] = book.ScanDepth,
            ["token_budget"] = book.TokenBudget,
            ["recursive_scanning"] = book.RecursiveScanning,
            ["entries"] = entries,
        };
    }

    /// <summary>
    /// Named as SillyTavern shows it: after its file. Its <c>name</c> (this server's own export writes one) names a world
    /// sent without a file name, but never <c>originalData</c>'s, the card's book it was first imported from: SillyTavern
    /// keeps that through a rename, so it is the world's old name.
    /// </summary>
    private static LoreBook WorldInfo(JsonObject file, JsonObject entries, string? fileName)
    {
        var read = entries
            .Select((member, index) => (member.Value as JsonObject, index))
            .Where(e => e.Item1 is not null)
            .Select(e => Entry(e.Item1!, e.index))
            .ToList();
        var original = file["originalData"] as JsonObject;
        return new LoreBook(
            fileName ?? LoreJson.Text(file["name"]) ?? DefaultName,
            LoreJson.Text(file["description"]) ?? LoreJson.Text(original?["description"]),
            LoreJson.Between(file["scan_depth"], 0, LorebookLimits.MaxScanDepth),
            LoreJson.Between(file["token_budget"], 1, LorebookLimits.MaxTokenBudget),
            LoreJson.Flag(file["recursive_scanning"]) ?? false,
            read);
    }

    private static LoreEntry Entry(JsonObject entry, int index) => new()
    {
        Id = LoreJson.Number(entry["uid"]) ?? index,
        Keys = LoreJson.Strings(entry["key"]),
        SecondaryKeys = LoreJson.Strings(entry["keysecondary"]),
        Content = LoreJson.Text(entry["content"]) ?? "",
        Comment = LoreJson.Text(entry["comment"]) is { Length: > 0 } comment ? comment : null,
        Enabled = !(LoreJson.Flag(entry["disable"]) ?? false),
        Constant = LoreJson.Flag(entry["constant"]) ?? false,
        Selective = LoreJson.Flag(entry["selective"]) ?? false,
        SelectiveLogic = LoreJson.Numbered(entry["selectiveLogic"], SelectiveLogics.All) ?? SelectiveLogics.AndAny,
        InsertionOrder = LoreJson.Number(entry["order"]) ?? 100,
        Position = WorldInfoPositions.FromNumber(LoreJson.Number(entry["position"])) ?? LorePositions.BeforeCharacter,
        Depth = LoreJson.Between(entry["depth"], 0, LorebookLimits.MaxDepth) ?? 4,
        Role = LoreJson.Numbered(entry["role"], LoreRoles.All) ?? LoreRoles.System,
        CaseSensitive = LoreJson.Flag(entry["caseSensitive"]),
        MatchWholeWords = LoreJson.Flag(entry["matchWholeWords"]),
        ExcludeRecursion = LoreJson.Flag(entry["excludeRecursion"]) ?? false,
        PreventRecursion = LoreJson.Flag(entry["preventRecursion"]) ?? false,
        Probability = LoreJson.Probability(entry["probability"], entry["useProbability"]),
        Extensions = KeptDisplayIndex(WorldInfoExtras.Keep(entry, Taken, LoreJson.Number(entry["position"])), entry, index),
    };

    /// <summary>SillyTavern's own order of its entries in its editor, kept when it is not the file's order.</summary>
    private static JsonObject? KeptDisplayIndex(JsonObject? kept, JsonObject entry, int index)
    {
        if (LoreJson.Number(entry["displayIndex"]) is { } displayIndex && displayIndex != index)
        {
            (kept ??= [])["displayIndex"] = displayIndex;
        }

        return kept;
    }

    /// <summary>The world-info members an entry is read from (and written back from), so none of them is kept as an extra.</summary>
    private static readonly FrozenSet<string> Taken = FrozenSet.Create(
        StringComparer.Ordinal,
        "uid", "key", "keysecondary", "comment", "content", "constant", "selective", "selectiveLogic", "addMemo", "order", "position",
        "disable", "excludeRecursion", "preventRecursion", "probability", "useProbability", "depth", "caseSensitive", "matchWholeWords",
        "role", "displayIndex");

    private static int Index(IReadOnlyList<string> names, string name) => Math.Max(0, names.ToList().IndexOf(name));
}
