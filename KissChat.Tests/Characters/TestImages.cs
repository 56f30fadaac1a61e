using System.Net.Http.Headers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace KissChat.Tests.Characters;

/// <summary>The smallest real images of each accepted type, and the multipart body an avatar upload sends.</summary>
internal static class TestImages
{
    /// <summary>1×1 grey-and-alpha PNG (chunk CRCs valid).</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    /// <summary>1×1 lossless WebP.</summary>
    public static readonly byte[] WebP = Convert.FromBase64String("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

    /// <summary>1×1 baseline greyscale JPEG: one 8×8 block whose coefficients are all zero (mid grey).</summary>
    public static readonly byte[] Jpeg =
    [
        0xFF, 0xD8, // start of image
        0xFF, 0xDB, 0x00, 0x43, 0x00, .. Enumerable.Repeat((byte)1, 64), // quantization table 0: all ones
        0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00, // baseline frame: 8 bits, 1×1, one component
        0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01, .. new byte[15], 0x00, // DC table 0: one 1-bit code for "difference 0"
        0xFF, 0xC4, 0x00, 0x14, 0x10, 0x01, .. new byte[15], 0x00, // AC table 0: one 1-bit code for end-of-block
        0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, // start of scan
        0x3F, // DC "0", EOB "0", padded with ones
        0xFF, 0xD9, // end of image
    ];

    public static IEnumerable<object[]> EachFormat() =>
    [
        ["png", Png, "image/png", ".png"],
        ["jpeg", Jpeg, "image/jpeg", ".jpg"],
        ["webp", WebP, "image/webp", ".webp"],
    ];

    /// <summary>A body shaped like a browser's file upload; the name and type are the client's claims, nothing more.</summary>
    public static MultipartFormDataContent Form(byte[] bytes, string fileName = "avatar.png", string contentType = "image/png", string field = "file")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    /// <summary>The uploaded files under the server's data directory.</summary>
    public static string[] StoredFiles(string dataDirectory)
    {
        var avatars = Path.Combine(dataDirectory, "avatars");
        return Directory.Exists(avatars) ? Directory.GetFiles(avatars).Select(Path.GetFileName).OfType<string>().Order().ToArray() : [];
    }

    public static string FileName(string avatarUrl) => avatarUrl[(avatarUrl.LastIndexOf('/') + 1)..];

    /// <summary>
    /// A picture of the given size whose every pixel differs from its neighbours (colour and alpha), with metadata an
    /// avatar must not keep: a PNG carries a tEXt comment, a JPEG or WebP an EXIF profile. WebP is lossless.
    /// </summary>
    public static byte[] Picture(int width, int height, string format = "png")
    {
        using var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Rgba32((byte)(x * 7), (byte)(y * 5), (byte)((x + y) * 3), format == "jpeg" ? (byte)255 : (byte)(255 - ((x + y) % 60)));
            }
        }

        image.Metadata.ExifProfile = new SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifProfile();
        image.Metadata.ExifProfile.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Artist, "Someone's real name");
        image.Metadata.GetPngMetadata().TextData.Add(new PngTextData("Comment", "Someone's real name", "", ""));
        IImageEncoder encoder = format switch
        {
            "png" => new PngEncoder(),
            "webp" => new WebpEncoder { FileFormat = WebpFileFormatType.Lossless },
            _ => new JpegEncoder { Quality = 95 },
        };
        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.ToArray();
    }

    /// <summary>What an image shows: its size and its pixels as RGBA bytes, however it was encoded.</summary>
    public static (int Width, int Height, byte[] Rgba) Pixels(byte[] image)
    {
        using var decoded = Image.Load<Rgba32>(image);
        var rgba = new byte[decoded.Width * decoded.Height * 4];
        decoded.CopyPixelDataTo(rgba);
        return (decoded.Width, decoded.Height, rgba);
    }
}
