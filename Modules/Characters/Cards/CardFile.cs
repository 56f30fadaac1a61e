using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;
using KissChat.Kernel.Files;

namespace KissChat.Characters.Cards;

/// <summary>
/// A character card as a file: its JSON as is, a PNG carrying that JSON UTF-8 and base64-encoded in a <c>tEXt</c>
/// chunk, <c>ccv3</c> for V3 and <c>chara</c> for V2, whose picture is the character's portrait (a PNG may carry both
/// chunks; the V3 one is the richer), or a V3 CharX archive (<see cref="CharXFile"/>).
/// </summary>
internal static class CardFile
{
    public const string V2Keyword = "chara";
    public const string V3Keyword = "ccv3";

    /// <summary>A PNG card is mostly picture: a few megabytes is normal, well over the API's usual body limit.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <param name="picture">The character's portrait: a PNG card itself, a CharX file's icon; null for a JSON card.</param>
    public static bool TryRead(byte[] file, [NotNullWhen(true)] out JsonObject? card, out byte[]? picture, [NotNullWhen(false)] out string? error)
    {
        card = null;
        picture = null;
        if (file.Length == 0)
        {
            error = "The card is empty.";
            return false;
        }

        if (CharXFile.IsZip(file))
        {
            return CharXFile.TryRead(file, out card, out picture, out error);
        }

        if (!PngChunks.IsPng(file))
        {
            return TryParse(file, "The card is neither a PNG, a CharX file nor valid JSON", out card, out error);
        }

        picture = file;

        if (!PngTextChunks.TryRead(file, out var texts, out error))
        {
            return false;
        }

        var keyword = texts.ContainsKey(V3Keyword) ? V3Keyword : V2Keyword;
        if (!texts.TryGetValue(keyword, out var base64))
        {
            error = $"The PNG carries no character card: it has no '{V3Keyword}' or '{V2Keyword}' text chunk.";
            return false;
        }

        return PngTextChunks.TryReadJson(base64, keyword, "card", out card, out error);
    }

    public static byte[] ToJson(JsonObject card) => Encoding.UTF8.GetBytes(card.ToJsonString(CardFields.Json));

    /// <summary>The picture with both chunks, so V2-only apps read the card too.</summary>
    public static byte[] ToPng(ReadOnlySpan<byte> picture, JsonObject v2, JsonObject v3) =>
        PngTextChunks.Write(picture, [(V2Keyword, Convert.ToBase64String(ToJson(v2))), (V3Keyword, Convert.ToBase64String(ToJson(v3)))]);

    public static bool TryParse(ReadOnlySpan<byte> json, string notJson, [NotNullWhen(true)] out JsonObject? card, [NotNullWhen(false)] out string? error) =>
        JsonFile.TryParse(json, notJson, "The card must be a JSON object.", out card, out error);
}
