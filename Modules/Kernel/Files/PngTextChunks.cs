using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;

namespace KissChat.Kernel.Files;

/// <summary>
/// Reads and writes a PNG's <c>tEXt</c> chunks (keyword, NUL, Latin-1 text), where character cards and NovelAI's
/// lorebooks live, on top of the chunk layer (<see cref="PngChunks"/>). Keywords match ignoring case, as in SillyTavern.
/// </summary>
public static class PngTextChunks
{
    private const string TextType = "tEXt";

    /// <summary>Every <c>tEXt</c> chunk, keyword to text; when a keyword repeats the first one wins.</summary>
    public static bool TryRead(
        ReadOnlySpan<byte> png, [NotNullWhen(true)] out Dictionary<string, string>? texts, [NotNullWhen(false)] out string? error)
    {
        texts = null;
        if (!PngChunks.TryWalk(png, out var chunks, out error))
        {
            return false;
        }

        texts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in chunks)
        {
            // A tEXt chunk without a keyword is broken, but it is somebody else's metadata, not a reason to refuse the card.
            if (KeywordOf(png, chunk) is { } keyword)
            {
                texts.TryAdd(keyword, Encoding.Latin1.GetString(chunk.Data(png)[(keyword.Length + 1)..]));
            }
        }

        return true;
    }

    /// <summary>The JSON object a chunk's text carries, UTF-8 and base64-encoded, as cards and NovelAI's lorebooks do.</summary>
    /// <param name="what">What the JSON is, for the messages: "card".</param>
    public static bool TryReadJson(
        string text, string keyword, string what, [NotNullWhen(true)] out JsonObject? json, [NotNullWhen(false)] out string? error)
    {
        json = null;
        var bytes = new byte[text.Length * 3 / 4];
        if (!Convert.TryFromBase64String(text, bytes, out var written))
        {
            error = $"The PNG's '{keyword}' chunk is not valid base64.";
            return false;
        }

        return JsonFile.TryParse(
            bytes.AsSpan(0, written), $"The {what} in the PNG's '{keyword}' chunk is not valid JSON", $"The {what} must be a JSON object.", out json, out error);
    }

    /// <summary>
    /// A copy of <paramref name="png"/> whose <c>tEXt</c> chunks with these keywords are replaced by the given ones,
    /// placed just before <c>IEND</c> as SillyTavern places them. Texts must be Latin-1 (cards are base64, so ASCII).
    /// </summary>
    public static byte[] Write(ReadOnlySpan<byte> png, IReadOnlyList<(string Keyword, string Text)> texts)
    {
        if (!PngChunks.TryWalk(png, out var chunks, out var error))
        {
            throw new ArgumentException(error, nameof(png));
        }

        var replaced = texts.Select(t => t.Keyword).ToHashSet(StringComparer.OrdinalIgnoreCase);
        using var output = new MemoryStream();
        output.Write(PngChunks.Signature);
        foreach (var chunk in chunks)
        {
            if (chunk.Type != PngChunks.End && !(KeywordOf(png, chunk) is { } keyword && replaced.Contains(keyword)))
            {
                output.Write(chunk.Framed(png));
            }
        }

        foreach (var (keyword, text) in texts)
        {
            PngChunks.WriteChunk(output, TextType, [.. Encoding.Latin1.GetBytes(keyword), 0, .. Encoding.Latin1.GetBytes(text)]);
        }

        PngChunks.WriteChunk(output, PngChunks.End, []);
        return output.ToArray();
    }

    /// <summary>The keyword of a well-formed tEXt chunk; null for other chunks.</summary>
    private static string? KeywordOf(ReadOnlySpan<byte> png, PngChunk chunk)
    {
        if (chunk.Type != TextType)
        {
            return null;
        }

        var data = chunk.Data(png);
        var separator = data.IndexOf((byte)0);
        return separator > 0 ? Encoding.Latin1.GetString(data[..separator]) : null;
    }
}
