using System.Security.Cryptography;
using System.Text.RegularExpressions;
using KissChat.Kernel.Configuration;

namespace KissChat.Kernel.Files;

/// <summary>
/// Uploaded avatars in <c>DATA_DIR/avatars/</c>. Each upload gets a fresh random name and is never overwritten,
/// so a name identifies one exact content forever (which is what lets it be cached as immutable), and no
/// client-chosen name ever reaches the file system.
/// </summary>
public sealed partial class AvatarStore(DataDirectory dataDirectory)
{
    public const string UrlPrefix = "/api/v1/avatars/";

    private readonly string directory = Directory.CreateDirectory(dataDirectory.File("avatars")).FullName;

    /// <summary>Stores the image and returns its served URL, or null when the bytes are not a PNG, JPEG or WebP image.</summary>
    public async Task<string?> SaveAsync(Stream content, CancellationToken cancellationToken)
    {
        var header = new byte[ImageFormat.HeaderLength];
        var read = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (ImageFormat.Sniff(header.AsSpan(0, read)) is not { } format)
        {
            return null;
        }

        var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + format.Extension;
        var path = Path.Combine(directory, name);
        // Written under a temporary name and then renamed, so a reader never sees half a file under the real name.
        var partial = path + ".partial";
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await file.WriteAsync(header.AsMemory(0, read), cancellationToken);
                await content.CopyToAsync(file, cancellationToken);
            }

            File.Move(partial, path);
        }
        finally
        {
            File.Delete(partial);
        }

        return UrlPrefix + name;
    }

    /// <summary>Removes the file behind <paramref name="url"/> if it is one of ours; other URLs (external, defaults) are left alone.</summary>
    public void Delete(string? url)
    {
        if (url is not null && url.StartsWith(UrlPrefix, StringComparison.Ordinal) && Find(url[UrlPrefix.Length..]) is { } stored)
        {
            File.Delete(stored.Path);
        }
    }

    /// <summary>The stored file for a served name; only names this store generates are accepted, so no path can escape the folder.</summary>
    public StoredAvatar? Find(string name)
    {
        if (!StoredName().IsMatch(name) || ImageFormat.FromExtension(Path.GetExtension(name)) is not { } format)
        {
            return null;
        }

        var path = Path.Combine(directory, name);
        return File.Exists(path) ? new StoredAvatar(path, name, format) : null;
    }

    [GeneratedRegex("^[0-9a-f]{32}\\.(png|jpg|webp)\\z", RegexOptions.CultureInvariant)]
    private static partial Regex StoredName();
}

public sealed record StoredAvatar(string Path, string Name, ImageFormat Format);
