using System.Text.Json;

namespace KissChat.Characters.Data;

/// <summary>
/// Tags live in one text column as a JSON array, which works the same on SQLite and PostgreSQL. The default
/// encoder escapes every non-ASCII character, so the stored text is ASCII and both databases' <c>lower()</c>
/// fold it identically.
/// </summary>
internal static class TagsColumn
{
    public static string ToJson(IReadOnlyList<string> tags) => JsonSerializer.Serialize(tags);

    public static List<string> FromJson(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];

    /// <summary>
    /// A <c>LIKE … ESCAPE '\'</c> pattern for <c>lower(tags)</c> that matches a whole tag equal to
    /// <paramref name="tag"/> ignoring ASCII case: the quotes around the encoded tag stop it matching part of
    /// another (a quote inside a tag is always escaped).
    /// </summary>
    public static string WholeTagPattern(string tag) => $"%{Escape(JsonSerializer.Serialize(tag).ToLowerInvariant())}%";

    /// <summary>
    /// Like <see cref="WholeTagPattern"/>, for a tag that contains <paramref name="text"/> anywhere: the encoded text
    /// without its quotes, so it cannot span two tags (their separating quotes are never escaped, its own always are).
    /// </summary>
    public static string ContainsPattern(string text) => $"%{Escape(JsonSerializer.Serialize(text)[1..^1].ToLowerInvariant())}%";

    private static string Escape(string encoded) =>
        encoded.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
