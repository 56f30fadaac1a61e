using System.IO.Compression;
using KissChat.Kernel.Files;

namespace KissChat.Kernel.Export;

/// <summary>The zip a user's data export is written into: files under folders named after what they hold.</summary>
public sealed class UserExportArchive(ZipArchive zip)
{
    private readonly HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Adds <paramref name="content"/> as <c>folder/name.extension</c>, the name made safe for any file system; a name
    /// already taken (two characters called alike) gets the first characters of the item's id.
    /// </summary>
    public async Task AddAsync(string folder, string name, Guid id, string extension, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var safe = SafeFileNames.From(name, "untitled");
        var path = $"{folder}/{safe}.{extension}";
        if (!names.Add(path))
        {
            path = $"{folder}/{safe}-{id.ToString("N")[..8]}.{extension}";
            names.Add(path);
        }

        await AddAsync(path, content, cancellationToken);
    }

    /// <summary>Adds <paramref name="content"/> at <paramref name="path"/>, a fixed name such as <c>profile.json</c>.</summary>
    public async Task AddAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        names.Add(path);
        await using var entry = await zip.CreateEntry(path, CompressionLevel.Optimal).OpenAsync(cancellationToken);
        await entry.WriteAsync(content, cancellationToken);
    }
}
