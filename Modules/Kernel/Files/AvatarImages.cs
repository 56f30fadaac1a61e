using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Processing;

namespace KissChat.Kernel.Files;

/// <param name="Full">The image re-encoded in its own format, without metadata.</param>
/// <param name="Thumbnail">The same at list size: within <see cref="AvatarImages.ThumbnailSide"/> pixels a side, never enlarged.</param>
internal sealed record EncodedAvatar(ImageFormat Format, byte[] Full, byte[] Thumbnail);

/// <summary>
/// Untrusted images, decoded by ImageSharp within fixed bounds and encoded again, so what is stored and served is
/// pixels we produced: no metadata (EXIF locations, comments, a card's chunks), no bytes a browser might read otherwise.
/// The bounds come before any pixel is decoded: the format from the leading bytes, a PNG cut down to its pixel chunks
/// (ImageSharp inflates compressed text chunks whole while merely identifying an image: 2 MB of zTXt took it three
/// minutes and 3 GB), then the header's dimensions. Each decode takes one of <see cref="DecodePlaces"/>' two, so the
/// memory this takes is bounded too: 16 megapixels of 8-byte pixels (128 MB) per image, plus a decoder's working buffers,
/// each of which the allocator refuses past 256 MB.
/// </summary>
public sealed class AvatarImages
{
    public const int MaxSide = 8192;

    public const int MaxPixels = 4096 * 4096;

    /// <summary>Twice the 128 px a list shows, for high-density screens.</summary>
    public const int ThumbnailSide = 256;

    /// <summary>Far more than a bounded image needs (under a second for 16 megapixels); a crafted one stops here instead.</summary>
    private static readonly TimeSpan DecodeDeadline = TimeSpan.FromSeconds(15);

    /// <summary>Only the three formats avatars may have, and no single buffer over what the largest accepted image needs.</summary>
    private static readonly SixLabors.ImageSharp.Configuration Codecs = new(new PngConfigurationModule(), new JpegConfigurationModule(), new WebpConfigurationModule())
    {
        MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = 256 }),
    };

    /// <summary>
    /// The image re-encoded with its thumbnail, or why it cannot be: a sentence starting with <paramref name="subject"/>.
    /// Decoded in <paramref name="turn"/>, the user's, once it has a place.
    /// </summary>
    internal Task<(EncodedAvatar? Avatar, string? Error)> ReencodeAsync(byte[] bytes, string subject, DecodeTurn turn, CancellationToken cancellationToken) =>
        WithDecodedAsync(bytes, subject, turn, cancellationToken, (image, format, sixteenBit) =>
        {
            using var thumbnail = image.Width > ThumbnailSide || image.Height > ThumbnailSide
                ? image.Clone(x => x.Resize(new ResizeOptions { Size = new Size(ThumbnailSide), Mode = ResizeMode.Max }))
                : image.Clone(_ => { });
            var encoder = EncoderFor(image, format, sixteenBit);
            return new EncodedAvatar(format, Encode(image, encoder), Encode(thumbnail, encoder));
        });

    /// <summary>
    /// The image as a PNG with the same pixels (after the decoder's conversion), or null when it cannot be read. Decoded
    /// in <paramref name="turn"/>, the user's, once it has a place.
    /// </summary>
    internal async Task<byte[]?> ToPngAsync(byte[] bytes, DecodeTurn turn, CancellationToken cancellationToken) =>
        (await WithDecodedAsync(bytes, "The image", turn, cancellationToken, (image, _, sixteenBit) => Encode(image, PngEncoderFor(sixteenBit)))).Result;

    private static async Task<(T? Result, string? Error)> WithDecodedAsync<T>(
        byte[] bytes, string subject, DecodeTurn turn, CancellationToken cancellationToken, Func<Image, ImageFormat, bool, T> use)
        where T : class
    {
        if (ImageFormat.Sniff(bytes) is not { } format)
        {
            return (null, $"{subject} must be a PNG, JPEG or WebP image.");
        }

        if (format == ImageFormat.Png)
        {
            if (!PngChunks.TryKeepPixelsOnly(bytes, out var pixelsOnly, out var pngError))
            {
                return (null, $"{subject} is not a valid PNG image. {pngError}");
            }

            bytes = pixelsOnly;
        }

        await turn.WaitForPlaceAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(DecodeDeadline);
        var (image, error) = Decode(bytes, format, subject, deadline.Token);
        if (image is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return (null, error);
        }

        using (image)
        {
            var sixteenBit = format == ImageFormat.Png && image.Metadata.GetPngMetadata().BitDepth == PngBitDepth.Bit16;
            image.Mutate(x => x.AutoOrient());
            image.Metadata.ExifProfile = null;
            image.Metadata.IccProfile = null;
            image.Metadata.IptcProfile = null;
            image.Metadata.XmpProfile = null;
            return (use(image, format, sixteenBit), null);
        }
    }

    private static (Image? Image, string? Error) Decode(byte[] bytes, ImageFormat format, string subject, CancellationToken deadline)
    {
        var decoder = DecoderFor(format);
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var info = ((IImageInfoDetector)decoder).Identify(Codecs, stream, deadline);
            if (info is null || info.Width <= 0 || info.Height <= 0)
            {
                return (null, $"{subject} is not a valid {format.Name} image: it has no readable header.");
            }

            if (info.Width > MaxSide || info.Height > MaxSide || (long)info.Width * info.Height > MaxPixels)
            {
                return (null, string.Create(
                    CultureInfo.InvariantCulture, $"{subject} is {info.Width}×{info.Height} pixels: at most {MaxSide} pixels a side and {MaxPixels:N0} pixels in all are accepted."));
            }

            stream.Position = 0;
            return (decoder.Decode(Codecs, stream, deadline), null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return (null, $"{subject} takes too long to decode.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Hostile bytes break a decoder in many ways (fuzzing ImageSharp 2.1 raised six exception types, null
            // references included); each of them means only that this image cannot be read.
            return (null, $"{subject} is not a valid {format.Name} image: it cannot be decoded.");
        }
    }

    private static IImageDecoder DecoderFor(ImageFormat format) =>
        format == ImageFormat.Png ? new PngDecoder() : format == ImageFormat.Jpeg ? new JpegDecoder() : new WebpDecoder();

    /// <summary>JPEG and WebP keep their quality and lossy or lossless mode, as the decoder read them from the image.</summary>
    private static IImageEncoder EncoderFor(Image image, ImageFormat format, bool sixteenBit) =>
        format == ImageFormat.Png ? PngEncoderFor(sixteenBit)
        : format == ImageFormat.Jpeg ? new JpegEncoder { Quality = image.Metadata.GetJpegMetadata().Quality }
        : new WebpEncoder { FileFormat = image.Metadata.GetWebpMetadata().FileFormat };

    /// <summary>
    /// Always truecolour with alpha and no ancillary chunks: re-encoding a palette would quantize again and could change
    /// pixels, and this way a PNG written here decodes to exactly the pixels it was written from.
    /// </summary>
    private static PngEncoder PngEncoderFor(bool sixteenBit) => new()
    {
        ColorType = PngColorType.RgbWithAlpha,
        BitDepth = sixteenBit ? PngBitDepth.Bit16 : PngBitDepth.Bit8,
        ChunkFilter = PngChunkFilter.ExcludeAll,
    };

    private static byte[] Encode(Image image, IImageEncoder encoder)
    {
        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.ToArray();
    }
}
