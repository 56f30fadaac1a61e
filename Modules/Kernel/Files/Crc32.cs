namespace KissChat.Kernel.Files;

/// <summary>CRC-32 as PNG defines it (the zlib/gzip one); System.IO.Hashing is not part of the shared framework.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = CreateTable();

    /// <summary>Pass an earlier result as <paramref name="crc"/> to continue it over more bytes.</summary>
    public static uint Compute(ReadOnlySpan<byte> bytes, uint crc = 0)
    {
        crc = ~crc;
        foreach (var b in bytes)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < table.Length; n++)
        {
            var c = n;
            for (var bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
