using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace KissChat.Kernel.Files;

/// <param name="Type">The four-letter chunk type, e.g. <c>IHDR</c> or <c>tEXt</c>.</param>
/// <param name="Offset">Where the chunk's length field starts.</param>
/// <param name="Length">The length of its data.</param>
public sealed record PngChunk(string Type, int Offset, int Length)
{
    public ReadOnlySpan<byte> Data(ReadOnlySpan<byte> png) => png.Slice(Offset + 8, Length);

    /// <summary>The whole chunk as stored: length, type, data and CRC.</summary>
    public ReadOnlySpan<byte> Framed(ReadOnlySpan<byte> png) => png.Slice(Offset, Length + PngChunks.Framing);
}

/// <summary>
/// The chunk layer of a PNG file: length, type, data and CRC, every CRC checked, up to <c>IEND</c>. Pixels are never
/// decoded here; character cards live in its text chunks, and untrusted images are cut down to their pixel chunks
/// before an image decoder sees them.
/// </summary>
public static class PngChunks
{
    public const string End = "IEND";

    /// <summary>Length, type and CRC around each chunk's data.</summary>
    public const int Framing = 12;

    /// <summary>
    /// What the pixels are made of: header, palette, transparency, image data. Everything else is metadata, and some of it
    /// is compressed (zTXt, iTXt, iCCP): a few kilobytes can inflate to gigabytes inside a decoder that reads it.
    /// </summary>
    private static readonly HashSet<string> PixelChunks = new(StringComparer.Ordinal) { "IHDR", "PLTE", "tRNS", "IDAT", End };

    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    /// <summary>Every chunk up to and including <c>IEND</c>, or why the file is not a well-formed PNG.</summary>
    public static bool TryWalk(ReadOnlySpan<byte> png, out List<PngChunk> chunks, [NotNullWhen(false)] out string? error)
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

            chunks.Add(new PngChunk(type, offset, (int)length));
            if (type == End)
            {
                error = null;
                return true;
            }

            offset += Framing + (int)length;
        }
    }

    /// <summary>A copy of a well-formed PNG with only the chunks its pixels need; the rest would only be read to be thrown away.</summary>
    public static bool TryKeepPixelsOnly(ReadOnlySpan<byte> png, [NotNullWhen(true)] out byte[]? pixelsOnly, [NotNullWhen(false)] out string? error)
    {
        pixelsOnly = null;
        if (!TryWalk(png, out var chunks, out error))
        {
            return false;
        }

        using var output = new MemoryStream(png.Length);
        output.Write(Signature);
        foreach (var chunk in chunks.Where(c => PixelChunks.Contains(c.Type)))
        {
            output.Write(chunk.Framed(png));
        }

        pixelsOnly = output.ToArray();
        return true;
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
}
