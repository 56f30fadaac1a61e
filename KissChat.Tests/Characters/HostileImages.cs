using System.Text;
using KissChat.Tests.Characters.Cards;

namespace KissChat.Tests.Characters;

/// <summary>Images an attacker or a broken tool would send, each wrong in one way.</summary>
internal static class HostileImages
{
    public static byte[] Make(string kind)
    {
        var end = new PngFile.Chunk("IEND", []);
        switch (kind)
        {
            case "more pixels than allowed":
                // 20 megapixels announced over a few bytes of pixel data: refused before anything is decoded.
                return PngFile.Build([PngFile.Header(5000, 4000), PngFile.Pixels(1, 1), end]);
            case "wider than allowed":
                return PngFile.Build([PngFile.Header(9000, 1), PngFile.Pixels(1, 1), end]);
            case "pixel data that is not zlib":
                return PngFile.Build([PngFile.Header(1, 1), new PngFile.Chunk("IDAT", [1, 2, 3, 4, 5, 6]), end]);
            case "a chunk with a wrong CRC":
                var png = PngFile.Build([PngFile.Header(1, 1), PngFile.Pixels(1, 1), end]);
                png[^13] ^= 0x01; // the last byte of the IDAT chunk's CRC
                return png;
            case "no IEND":
                return PngFile.Build([PngFile.Header(1, 1), PngFile.Pixels(1, 1)]);
            case "a JPEG cut short":
                return TestImages.Picture(64, 64, "jpeg")[..200];
            default:
                return Encoding.ASCII.GetBytes("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;");
        }
    }
}
