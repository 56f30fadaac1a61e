namespace KissChat.Kernel.Files;

/// <summary>
/// The image types accepted for avatars, recognised by their leading bytes: a client's Content-Type and file
/// name are claims, the bytes are what browsers will actually decode.
/// </summary>
public sealed record ImageFormat(string Name, string Extension, string ContentType)
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at.</summary>
    public const int HeaderLength = 12;

    public static readonly ImageFormat Png = new("PNG", ".png", "image/png");

    public static readonly ImageFormat Jpeg = new("JPEG", ".jpg", "image/jpeg");

    public static readonly ImageFormat WebP = new("WebP", ".webp", "image/webp");

    private static readonly ImageFormat[] All = [Png, Jpeg, WebP];

    public static ImageFormat? Sniff(ReadOnlySpan<byte> header) => header switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Png,
        [0xFF, 0xD8, 0xFF, ..] => Jpeg,
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => WebP,
        _ => null,
    };

    public static ImageFormat? FromExtension(string extension) =>
        All.FirstOrDefault(f => f.Extension.Equals(extension, StringComparison.Ordinal));
}
