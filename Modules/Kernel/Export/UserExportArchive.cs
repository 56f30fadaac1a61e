using System.IO.Compression;
using KissChat.Kernel.Files;

namespace KissChat.Kernel.Export;

/// <summary>The zip a user's data export is written into: files under folders named after what they hold.</summary>
public sealed class UserExportArchive(ZipArchive zip)
{
    private readonly HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Adds <paramref name="content"/> as <c>folder/name.extension</c>, the name made safe for any file system; a name
    /// already taken (two characters called alike) gets the last characters of the item's id (its random part: ids made
    /// the same minute begin alike), or the whole id when those are taken too.
    /// </summary>
    public Task AddAsync(string folder, string name, Guid id, string extension, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        AddAsync(folder, name, id, extension, Writing(content), cancellationToken);

    /// <summary>As the other, the file written into the zip by <paramref name="write"/> as it goes, never whole in memory.</summary>
    public async Task AddAsync(string folder, string name, Guid id, string extension, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var safe = SafeFileNames.From(name, "untitled");
        var path = new[] { $"{folder}/{safe}.{extension}", $"{folder}/{safe}-{id.ToString("N")[^8..]}.{extension}" }.FirstOrDefault(names.Add)
            ?? $"{folder}/{safe}-{id:N}.{extension}";

        await WriteEntryAsync(path, write, cancellationToken);
    }

    /// <summary>Adds <paramref name="content"/> at <paramref name="path"/>, a fixed name such as <c>profile.json</c>.</summary>
    public Task AddAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        names.Add(path);
        return WriteEntryAsync(path, Writing(content), cancellationToken);
    }

    private static Func<Stream, CancellationToken, Task> Writing(ReadOnlyMemory<byte> content) => (entry, token) => entry.WriteAsync(content, token).AsTask();

    private async Task WriteEntryAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        await using var entry = await zip.CreateEntry(path, CompressionLevel.Optimal).OpenAsync(cancellationToken);
        await write(entry, cancellationToken);
    }
}
