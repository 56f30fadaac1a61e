using System.Security.Cryptography;
using System.Text.RegularExpressions;
using KissChat.Kernel.Configuration;

namespace KissChat.Kernel.Files;

/// <summary>
/// Uploaded avatars in <c>DATA_DIR/avatars/</c>, each stored as re-encoded by <see cref="AvatarImages"/> next to its
/// thumbnail (<c>&lt;name&gt;.thumb.&lt;ext&gt;</c>). Each upload gets a fresh random name and is never overwritten, so a
/// name identifies one exact content forever (which is what lets both sizes be cached as immutable), and no
/// client-chosen name ever reaches the file system.
/// </summary>
public sealed partial class AvatarStore(DataDirectory dataDirectory, AvatarImages images)
{
    public const string UrlPrefix = "/api/v1/avatars/";

    private const string ThumbnailInfix = ".thumb";

    private readonly string directory = Directory.CreateDirectory(dataDirectory.File("avatars")).FullName;

    /// <summary>
    /// Stores the image and returns its served URL, or why it is refused (not a PNG, JPEG or WebP image, corrupt, or too
    /// many pixels), in a sentence starting with <paramref name="subject"/>. It is decoded in the user's
    /// <paramref name="turn"/> (see <see cref="DecodePlaces"/>).
    /// </summary>
    public async Task<(string? Url, string? Error)> SaveAsync(byte[] image, string subject, DecodeTurn turn, CancellationToken cancellationToken)
    {
        var (avatar, error) = await images.ReencodeAsync(image, subject, turn, cancellationToken);
        if (avatar is null)
        {
            return (null, error);
        }

        var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + avatar.Format.Extension;
        var path = Path.Combine(directory, name);
        // The thumbnail first: once the avatar exists under its name, both sizes can be served.
        await WriteAsync(ThumbnailOf(path), avatar.Thumbnail, cancellationToken);
        await WriteAsync(path, avatar.Full, cancellationToken);
        return (UrlPrefix + name, null);
    }

    /// <summary>Whether <paramref name="url"/> has the exact form <see cref="SaveAsync"/> returns, nothing more after the name.</summary>
    public static bool IsStoredUrl(string url) =>
        url.StartsWith(UrlPrefix, StringComparison.Ordinal) && StoredName().IsMatch(url.AsSpan(UrlPrefix.Length));

    /// <summary>
    /// The avatar behind <paramref name="url"/> as a PNG, or null when it is not one stored here (an external URL, a
    /// default) or cannot be read. Always decoded again: avatars stored before issue #16 are the client's bytes as sent.
    /// Read and decoded in the user's <paramref name="turn"/> (see <see cref="DecodePlaces"/>).
    /// </summary>
    public async Task<byte[]?> ReadAsPngAsync(string? url, DecodeTurn turn, CancellationToken cancellationToken) =>
        url is not null && url.StartsWith(UrlPrefix, StringComparison.Ordinal) && Find(url[UrlPrefix.Length..], thumbnail: false) is { } stored
            ? await images.ToPngAsync(await File.ReadAllBytesAsync(stored.Path, cancellationToken), turn, cancellationToken)
            : null;

    /// <summary>Removes the files behind <paramref name="url"/> if it is one of ours; other URLs (external, defaults) are left alone.</summary>
    public void Delete(string? url)
    {
        if (url is not null && url.StartsWith(UrlPrefix, StringComparison.Ordinal) && Find(url[UrlPrefix.Length..], thumbnail: false) is { } stored)
        {
            File.Delete(stored.Path);
            File.Delete(ThumbnailOf(stored.Path));
        }
    }

    /// <summary>
    /// The URLs of the avatars last written before <paramref name="cutoff"/>; a file left half-written by a crash before
    /// then is removed on the way.
    /// </summary>
    public IEnumerable<string> StoredBefore(DateTime cutoff)
    {
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (File.GetLastWriteTimeUtc(path) >= cutoff)
            {
                continue;
            }

            if (name.EndsWith(".partial", StringComparison.Ordinal))
            {
                File.Delete(path);
            }
            else if (StoredName().IsMatch(name))
            {
                yield return UrlPrefix + name;
            }
        }
    }

    /// <summary>
    /// The stored file for a served name, or its thumbnail; only names this store generates are accepted, so no path can
    /// escape the folder. Avatars stored before thumbnails existed have none, and serve the full image in its place.
    /// </summary>
    public StoredAvatar? Find(string name, bool thumbnail)
    {
        if (!StoredName().IsMatch(name) || ImageFormat.FromExtension(Path.GetExtension(name)) is not { } format)
        {
            return null;
        }

        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            return null;
        }

        return thumbnail && File.Exists(ThumbnailOf(path)) ? new StoredAvatar(ThumbnailOf(path), format) : new StoredAvatar(path, format);
    }

    private static string ThumbnailOf(string path) => Path.ChangeExtension(path, ThumbnailInfix + Path.GetExtension(path));

    /// <summary>Written under a temporary name and then renamed, so a reader never sees half a file under the real name.</summary>
    private static async Task WriteAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var partial = path + ".partial";
        try
        {
            await File.WriteAllBytesAsync(partial, content, cancellationToken);
            File.Move(partial, path);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}\\.(png|jpg|webp)\\z", RegexOptions.CultureInvariant)]
    private static partial Regex StoredName();
}

/// <param name="Path">The file to send.</param>
public sealed record StoredAvatar(string Path, ImageFormat Format)
{
    /// <summary>The file's name identifies its exact bytes, so it is a strong validator.</summary>
    public string EntityTag => $"\"{System.IO.Path.GetFileNameWithoutExtension(Path)}\"";
}
