using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using KissChat.Characters.Cards;
using KissChat.Kernel.Files;

namespace KissChat.Tests.Characters.Cards;

public sealed class PngTextChunksTests
{
    [Fact]
    public void Crc32GivesTheStandardCheckValueAndTheWellKnownIendCrcAndCanBeContinued()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8));
        Assert.Equal(Crc32.Compute("123456789"u8), Crc32.Compute("6789"u8, Crc32.Compute("12345"u8)));
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void ThePlaceholderIsAPortraitRgbPngWhosePixelsInflateToWholeScanlines()
    {
        var png = PngPlaceholder.Image.ToArray();

        var chunks = PngFile.Chunks(png);

        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var header = chunks[0].Data;
        var (width, height) = (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
        Assert.True(height > width, $"{width}x{height}");
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, header[8..]);
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        Assert.Equal(height * (1 + (width * 3)), inflated.Length);
        Assert.True(PngTextChunks.TryRead(png, out var texts, out var error), error);
        Assert.Empty(texts);
    }

    [Fact]
    public void WrittenTextChunksAreReadBackAndSitJustBeforeIend()
    {
        var png = PngTextChunks.Write(PngPlaceholder.Image, [("chara", "djI="), ("ccv3", "djM=")]);

        Assert.True(PngTextChunks.TryRead(png, out var texts, out var error), error);
        Assert.Equal(new Dictionary<string, string> { ["chara"] = "djI=", ["ccv3"] = "djM=" }, texts);
        Assert.Equal(["IHDR", "IDAT", "tEXt", "tEXt", "IEND"], PngFile.Chunks(png).Select(c => c.Type));
    }

    [Fact]
    public void WritingReplacesChunksWithTheSameKeywordAndKeepsEveryOtherChunk()
    {
        var original = PngFile.WithChunks(PngFile.Text("chara", "old"), PngFile.Text("Software", "Paint"), new PngFile.Chunk("zTXt", [1, 2, 3]));

        var png = PngTextChunks.Write(original, [("chara", "new")]);

        var chunks = PngFile.Chunks(png);
        Assert.Equal(["IHDR", "IDAT", "tEXt", "zTXt", "tEXt", "IEND"], chunks.Select(c => c.Type));
        Assert.True(PngTextChunks.TryRead(png, out var texts, out _));
        Assert.Equal(new Dictionary<string, string> { ["Software"] = "Paint", ["chara"] = "new" }, texts);
    }

    [Fact]
    public void WhenAKeywordRepeatsTheFirstWinsAndATextChunkWithoutKeywordIsIgnored()
    {
        var png = PngFile.WithChunks(PngFile.Text("chara", "first"), PngFile.Text("chara", "second"), new PngFile.Chunk("tEXt", Encoding.Latin1.GetBytes("no separator")));

        Assert.True(PngTextChunks.TryRead(png, out var texts, out var error), error);
        Assert.Equal(new Dictionary<string, string> { ["chara"] = "first" }, texts);
    }

    [Fact]
    public void TextIsLatin1()
    {
        var png = PngFile.WithChunks(new PngFile.Chunk("tEXt", [.. "Title"u8, 0, 0xC9, 0x74, 0xE9]));

        Assert.True(PngTextChunks.TryRead(png, out var texts, out _));
        Assert.Equal("Été", texts["Title"]);
    }

    [Fact]
    public void AnImageIsCutDownToItsPixelChunksBeforeAnyDecoderSeesIt()
    {
        var png = PngFile.Build([
            PngFile.Header(1, 1), new PngFile.Chunk("iCCP", [1, 2]), new PngFile.Chunk("PLTE", [0, 0, 0]), new PngFile.Chunk("tRNS", [0]),
            PngFile.Pixels(1, 1), PngFile.Text("chara", "card"), new PngFile.Chunk("zTXt", [3, 4, 5]), new PngFile.Chunk("IEND", []),
        ]);

        Assert.True(PngChunks.TryKeepPixelsOnly(png, out var pixelsOnly, out var error), error);

        Assert.Equal(["IHDR", "PLTE", "tRNS", "IDAT", "IEND"], PngFile.Chunks(pixelsOnly).Select(c => c.Type));
        Assert.False(PngChunks.TryKeepPixelsOnly(png[..^1], out _, out error));
        Assert.Equal("The PNG is truncated: it ends before its IEND chunk.", error);
    }

    [Fact]
    public void BytesWithoutThePngSignatureAreNotAPng()
    {
        Assert.False(PngChunks.IsPng("{\"spec\":1}"u8));
        Assert.False(PngTextChunks.TryRead("GIF89a........"u8, out _, out var error));
        Assert.Equal("The file is not a PNG.", error);
    }

    [Fact]
    public void APngCutInTheMiddleOfAChunkIsTruncated()
    {
        var png = PngFile.WithCards(("chara", "{}"));

        Assert.False(PngTextChunks.TryRead(png[..^20], out _, out var error));
        Assert.Matches(@"^The PNG is truncated: its 'tEXt' chunk at byte \d+ is cut short\.$", error);
    }

    [Fact]
    public void APngThatStopsBeforeIendIsTruncated()
    {
        var png = PngFile.WithChunks();

        Assert.False(PngTextChunks.TryRead(png[..^12], out _, out var error));
        Assert.Equal("The PNG is truncated: it ends before its IEND chunk.", error);
    }

    [Fact]
    public void AChangedByteBreaksTheChunksCrc()
    {
        var png = PngFile.WithCards(("chara", "{\"a\":1}"));
        png[^20] ^= 0x01;

        Assert.False(PngTextChunks.TryRead(png, out _, out var error));
        Assert.Matches(@"^The PNG is corrupt: the CRC of its 'tEXt' chunk at byte \d+ does not match\.$", error);
    }

    [Fact]
    public void AChunkClaimingMoreBytesThanTheFileHasIsTruncatedNotAnOverflow()
    {
        var png = PngFile.WithChunks();
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(8), uint.MaxValue);

        Assert.False(PngTextChunks.TryRead(png, out _, out var error));
        Assert.Equal("The PNG is truncated: its 'IHDR' chunk at byte 8 is cut short.", error);
    }

    [Fact]
    public void AChunkTypeThatIsNotFourLettersIsCorrupt()
    {
        var png = PngFile.WithChunks();
        png[12] = (byte)'1';

        Assert.False(PngTextChunks.TryRead(png, out _, out var error));
        Assert.Equal("The PNG is corrupt: the chunk at byte 8 has no valid type.", error);
    }

    [Fact]
    public void BytesAfterIendAreIgnored()
    {
        var png = PngFile.WithCards(("chara", "{}")).Concat("trailing junk"u8.ToArray()).ToArray();

        Assert.True(PngTextChunks.TryRead(png, out var texts, out var error), error);
        Assert.True(texts.ContainsKey("chara"));
    }
}
