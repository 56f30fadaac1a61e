using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using KissChat.Kernel.Files;

namespace KissChat.Tests.Characters.Cards;

/// <summary>Builds and takes apart PNG files chunk by chunk, independently of the writer under test.</summary>
internal static class PngFile
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public sealed record Chunk(string Type, byte[] Data);

    /// <summary>A 1×1 RGB picture with the given chunks between its pixels and IEND, as SillyTavern writes cards.</summary>
    public static byte[] WithChunks(params Chunk[] extra) => Build([Header(1, 1), Pixels(1, 1), .. extra, new Chunk("IEND", [])]);

    public static byte[] WithCards(params (string Keyword, string Json)[] cards) =>
        WithChunks([.. cards.Select(c => Text(c.Keyword, Convert.ToBase64String(Encoding.UTF8.GetBytes(c.Json))))]);

    /// <summary><paramref name="picture"/> carrying these cards instead of any text it had, as SillyTavern writes them.</summary>
    public static byte[] WithCardsOn(byte[] picture, params (string Keyword, string Json)[] cards) =>
        Build([
            .. Chunks(picture).Where(c => c.Type is not ("tEXt" or "IEND")),
            .. cards.Select(c => Text(c.Keyword, Convert.ToBase64String(Encoding.UTF8.GetBytes(c.Json)))),
            new Chunk("IEND", []),
        ]);

    public static Chunk Text(string keyword, string text) => new("tEXt", [.. Encoding.Latin1.GetBytes(keyword), 0, .. Encoding.Latin1.GetBytes(text)]);

    public static byte[] Build(IEnumerable<Chunk> chunks)
    {
        using var png = new MemoryStream();
        png.Write(Signature);
        foreach (var chunk in chunks)
        {
            var typeAndData = Encoding.ASCII.GetBytes(chunk.Type).Concat(chunk.Data).ToArray();
            png.Write(BigEndian((uint)chunk.Data.Length));
            png.Write(typeAndData);
            png.Write(BigEndian(Crc32.Compute(typeAndData)));
        }

        return png.ToArray();
    }

    /// <summary>Every chunk up to and including IEND, asserting the signature and each CRC on the way.</summary>
    public static List<Chunk> Chunks(byte[] png)
    {
        Assert.Equal(Signature, png[..8]);
        var chunks = new List<Chunk>();
        var offset = 8;
        do
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length)), Crc32.Compute(typeAndData));
            chunks.Add(new Chunk(Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            offset += 12 + length;
        }
        while (chunks[^1].Type != "IEND");

        Assert.Equal(png.Length, offset);
        return chunks;
    }

    /// <summary>The decoded card JSON of each tEXt chunk, by keyword.</summary>
    public static Dictionary<string, string> Cards(byte[] png) =>
        Chunks(png).Where(c => c.Type == "tEXt").ToDictionary(
            c => Encoding.Latin1.GetString(c.Data, 0, Array.IndexOf(c.Data, (byte)0)),
            c => Encoding.UTF8.GetString(Convert.FromBase64String(Encoding.Latin1.GetString(c.Data[(Array.IndexOf(c.Data, (byte)0) + 1)..]))));

    public static Chunk Header(int width, int height)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(data, width);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), height);
        data[8] = 8;
        data[9] = 2;
        return new Chunk("IHDR", data);
    }

    public static Chunk Pixels(int width, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(new byte[height * (1 + (width * 3))]);
        }

        return new Chunk("IDAT", compressed.ToArray());
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
