using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace KissChat.Characters.Cards;

/// <summary>
/// Reads and writes a PNG's <c>tEXt</c> chunks (keyword, NUL, Latin-1 text), where character cards live. Only the
/// chunk layer: length, type, data and CRC, every CRC checked, up to <c>IEND</c>. Pixels are never decoded.
/// </summary>
internal static class PngTextChunks
{
    private const string TextType = "tEXt";
    private const string EndType = "IEND";

    /// <summary>Length, type and CRC around each chunk's data.</summary>
    private const int Framing = 12;

    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    /// <summary>Every <c>tEXt</c> chunk, keyword to text; when a keyword repeats the first one wins.</summary>
    public static bool TryRead(
        ReadOnlySpan<byte> png, [NotNullWhen(true)] out Dictionary<string, string>? texts, [NotNullWhen(false)] out string? error)
    {
        texts = null;
        if (!TryWalk(png, out var chunks, out error))
        {
            return false;
        }

        texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in chunks)
        {
            // A tEXt chunk without a keyword is broken, but it is somebody else's metadata, not a reason to refuse the card.
            if (KeywordOf(png, chunk) is { } keyword)
            {
                texts.TryAdd(keyword, Encoding.Latin1.GetString(png.Slice(chunk.Offset + 8 + keyword.Length + 1, chunk.Length - keyword.Length - 1)));
            }
        }

        return true;
    }

    /// <summary>
    /// A copy of <paramref name="png"/> whose <c>tEXt</c> chunks with these keywords are replaced by the given ones,
    /// placed just before <c>IEND</c>. Texts must be Latin-1 (cards are base64, so ASCII).
    /// </summary>
    public static byte[] Write(ReadOnlySpan<byte> png, IReadOnlyList<(string Keyword, string Text)> texts)
    {
        if (!TryWalk(png, out var chunks, out var error))
        {
            throw new ArgumentException(error, nameof(png));
        }

        var replaced = texts.Select(t => t.Keyword).ToHashSet(StringComparer.Ordinal);
        using var output = new MemoryStream();
        output.Write(Signature);
        foreach (var chunk in chunks)
        {
            if (chunk.Type != EndType && !(KeywordOf(png, chunk) is { } keyword && replaced.Contains(keyword)))
            {
                output.Write(png.Slice(chunk.Offset, chunk.Length + Framing));
            }
        }

        foreach (var (keyword, text) in texts)
        {
            WriteChunk(output, TextType, [.. Encoding.Latin1.GetBytes(keyword), 0, .. Encoding.Latin1.GetBytes(text)]);
        }

        WriteChunk(output, EndType, []);
        return output.ToArray();
    }

    public static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Compute(data, Crc32.Compute(header[4..])));
        output.Write(header);
        output.Write(data);
        output.Write(crc);
    }

    /// <summary>The keyword of a well-formed tEXt chunk; null for other chunks.</summary>
    private static string? KeywordOf(ReadOnlySpan<byte> png, Chunk chunk)
    {
        if (chunk.Type != TextType)
        {
            return null;
        }

        var separator = png.Slice(chunk.Offset + 8, chunk.Length).IndexOf((byte)0);
        return separator > 0 ? Encoding.Latin1.GetString(png.Slice(chunk.Offset + 8, separator)) : null;
    }

    private static bool TryWalk(ReadOnlySpan<byte> png, out List<Chunk> chunks, [NotNullWhen(false)] out string? error)
    {
        chunks = [];
        if (!IsPng(png))
        {
            error = "The file is not a PNG.";
            return false;
        }

        var offset = Signature.Length;
        while (true)
        {
            if (png.Length - offset < Framing)
            {
                error = "The PNG is truncated: it ends before its IEND chunk.";
                return false;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(png[offset..]);
            var typeBytes = png.Slice(offset + 4, 4);
            if (!IsChunkType(typeBytes))
            {
                error = $"The PNG is corrupt: the chunk at byte {offset} has no valid type.";
                return false;
            }

            var type = Encoding.ASCII.GetString(typeBytes);
            if (length > (uint)(png.Length - offset - Framing))
            {
                error = $"The PNG is truncated: its '{type}' chunk at byte {offset} is cut short.";
                return false;
            }

            var typeAndData = png.Slice(offset + 4, 4 + (int)length);
            if (Crc32.Compute(typeAndData) != BinaryPrimitives.ReadUInt32BigEndian(png[(offset + 8 + (int)length)..]))
            {
                error = $"The PNG is corrupt: the CRC of its '{type}' chunk at byte {offset} does not match.";
                return false;
            }

            chunks.Add(new Chunk(type, offset, (int)length));
            if (type == EndType)
            {
                error = null;
                return true;
            }

            offset += Framing + (int)length;
        }
    }

    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }

        return true;
    }

    /// <param name="Offset">Where the chunk's length field starts.</param>
    /// <param name="Length">The length of its data.</param>
    private sealed record Chunk(string Type, int Offset, int Length);
}
