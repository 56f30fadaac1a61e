using System.Buffers.Binary;
using System.IO.Compression;
using KissChat.Kernel.Files;

namespace KissChat.Characters.Cards;

/// <summary>
/// The picture a PNG card is carried by: a plain portrait-shaped image, since a character's avatar may be remote
/// or not a PNG at all. Apps that import the card show it as the character's picture until it is replaced.
/// </summary>
internal static class PngPlaceholder
{
    private const int Width = 256;
    private const int Height = 384;

    private static readonly byte[] Png = Create();

    public static ReadOnlySpan<byte> Image => Png;

    private static byte[] Create()
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8; // bits per sample
        header[9] = 2; // truecolour RGB; compression, filter and interlace stay 0

        // Each scanline is a filter-type byte (0: none) followed by its pixels, all one soft slate colour.
        var row = new byte[1 + (Width * 3)];
        for (var x = 0; x < Width; x++)
        {
            row[1 + (x * 3)] = 0x5B;
            row[2 + (x * 3)] = 0x64;
            row[3 + (x * 3)] = 0x7A;
        }

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var y = 0; y < Height; y++)
            {
                zlib.Write(row);
            }
        }

        using var png = new MemoryStream();
        png.Write(PngChunks.Signature);
        PngChunks.WriteChunk(png, "IHDR", header);
        PngChunks.WriteChunk(png, "IDAT", pixels.ToArray());
        PngChunks.WriteChunk(png, "IEND", []);
        return png.ToArray();
    }
}
