using System.Text.Json.Nodes;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Lorebooks.Formats;

/// <summary>
/// The lorebooks of other chat apps that SillyTavern's world-info import converts, read as it converts them: NovelAI's
/// (<c>lorebookVersion</c>), Agnai's memory books (<c>kind: "memory"</c>) and RisuAI's (<c>type: "risu"</c>). Each entry
/// goes in before the character, as SillyTavern's converted ones do; what these apps have that SillyTavern drops
/// (NovelAI's categories and context settings) is dropped here too.
/// </summary>
internal static class ForeignLorebooks
{
    /// <summary>The book, or null when the file is none of the three.</summary>
    public static LoreBook? Read(JsonObject file, string unnamed) => file switch
    {
        _ when file["lorebookVersion"] is not null && file["entries"] is JsonArray entries => Book(file, unnamed, entries, NovelAi),
        _ when LoreJson.Text(file["kind"]) == "memory" && file["entries"] is JsonArray entries => Book(file, unnamed, entries, Agnai),
        _ when LoreJson.Text(file["type"]) == "risu" && file["data"] is JsonArray entries => Book(file, unnamed, entries, Risu),
        _ => null,
    };

    private static LoreBook Book(JsonObject file, string unnamed, JsonArray entries, Func<JsonObject, int, LoreEntry> entry) => new(
        LoreJson.Text(file["name"]) is { Length: > 0 } name ? name : unnamed,
        LoreJson.Text(file["description"]),
        ScanDepth: null,
        TokenBudget: null,
        RecursiveScanning: false,
        [.. entries.OfType<JsonObject>().Select(entry)]);

    private static LoreEntry NovelAi(JsonObject entry, int index) => new()
    {
        Id = index,
        Keys = LoreJson.Strings(entry["keys"]),
        Content = LoreJson.Text(entry["text"]) ?? "",
        Comment = Label(entry["displayName"]),
        Enabled = LoreJson.Flag(entry["enabled"]) ?? true,
        InsertionOrder = LoreJson.Number((entry["contextConfig"] as JsonObject)?["budgetPriority"]) ?? 0,
    };

    private static LoreEntry Agnai(JsonObject entry, int index) => new()
    {
        Id = index,
        Keys = LoreJson.Strings(entry["keywords"]),
        Content = LoreJson.Text(entry["entry"]) ?? "",
        Comment = Label(entry["name"]),
        Enabled = LoreJson.Flag(entry["enabled"]) ?? true,
        InsertionOrder = LoreJson.Number(entry["weight"]) ?? 0,
    };

    private static LoreEntry Risu(JsonObject entry, int index) => new()
    {
        Id = index,
        Keys = LoreJson.Strings(entry["key"]),
        SecondaryKeys = LoreJson.Strings(entry["secondkey"]),
        Content = LoreJson.Text(entry["content"]) ?? "",
        Comment = Label(entry["comment"]),
        Constant = LoreJson.Flag(entry["alwaysActive"]) ?? false,
        Selective = LoreJson.Flag(entry["selective"]) ?? false,
        InsertionOrder = LoreJson.Number(entry["insertorder"]) ?? 100,
        Probability = LoreJson.Probability(entry["activationPercent"], useProbability: null),
    };

    private static string? Label(JsonNode? node) => LoreJson.Text(node) is { Length: > 0 } label ? label : null;
}
