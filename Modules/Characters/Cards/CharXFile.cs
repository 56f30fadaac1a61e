using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace KissChat.Characters.Cards;

/// <summary>
/// A Character Card V3 as a CharX file: a ZIP holding the card as <c>card.json</c> and its assets, the portrait among
/// them as an <c>icon</c> asset (<c>embeded://assets/icon/images/main.png</c>). Read as SillyTavern reads one: the first
/// <c>card.json</c> outside <c>__MACOSX</c>, and the first icon asset the archive holds, the one named <c>main</c> first.
/// </summary>
/// <remarks>
/// Only those two entries are inflated, each read no further than <see cref="MaxEntryBytes"/> whatever its header says,
/// so a small archive that inflates to gigabytes is refused instead of read.
/// </remarks>
internal static class CharXFile
{
    public const int MaxEntryBytes = (int)CardFile.MaxBytes;

    public const int MaxEntries = 10_000;

    private const string CardEntry = "card.json";

    private static ReadOnlySpan<byte> Signature => "PK\u0003\u0004"u8;

    public static bool IsZip(ReadOnlySpan<byte> file) => file.StartsWith(Signature);

    /// <param name="icon">The portrait's bytes, null when the card names none the archive holds.</param>
    public static bool TryRead(byte[] file, [NotNullWhen(true)] out JsonObject? card, out byte[]? icon, [NotNullWhen(false)] out string? error)
    {
        card = null;
        icon = null;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(file, writable: false), ZipArchiveMode.Read);
            if (archive.Entries.Count > MaxEntries)
            {
                error = $"The CharX file holds {archive.Entries.Count} files: at most {MaxEntries} are read.";
                return false;
            }

            if (Find(archive, CardEntry) is not { } entry)
            {
                error = $"The CharX file holds no '{CardEntry}'.";
                return false;
            }

            if (!TryInflate(entry, out var json, out error) || !CardFile.TryParse(json, $"The CharX file's '{CardEntry}' is not valid JSON", out card, out error))
            {
                return false;
            }

            foreach (var path in IconPaths(card))
            {
                if (Find(archive, path) is { } asset)
                {
                    if (!TryInflate(asset, out icon, out error))
                    {
                        return false;
                    }

                    break;
                }
            }

            error = null;
            return true;
        }
        catch (Exception exception) when (exception is InvalidDataException or NotSupportedException)
        {
            error = $"The CharX file is not a readable ZIP archive: {exception.Message}";
            return false;
        }
    }

    private static ZipArchiveEntry? Find(ZipArchive archive, string path) =>
        archive.Entries.FirstOrDefault(e => e.FullName.EndsWith(path, StringComparison.Ordinal) && !e.FullName.StartsWith("__MACOSX", StringComparison.Ordinal));

    private static bool TryInflate(ZipArchiveEntry entry, [NotNullWhen(true)] out byte[]? bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = null;
        using var source = entry.Open();
        using var read = new MemoryStream();
        var buffer = new byte[81920];
        int count;
        while ((count = source.Read(buffer)) > 0)
        {
            read.Write(buffer, 0, count);
            if (read.Length > MaxEntryBytes)
            {
                error = $"'{entry.FullName}' in the CharX file is over {MaxEntryBytes / (1024 * 1024)} MB unpacked.";
                return false;
            }
        }

        bytes = read.ToArray();
        error = null;
        return true;
    }

    /// <summary>The icon assets' paths in the archive, the main one first.</summary>
    private static IEnumerable<string> IconPaths(JsonObject card) =>
        ((card["data"] as JsonObject)?["assets"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(a => CardValues.Text(a, "type") == "icon")
            .OrderBy(a => CardValues.Text(a, "name") == "main" ? 0 : 1)
            .Select(a => CardValues.Text(a, "uri") is { } uri && uri.IndexOf("://", StringComparison.Ordinal) is >= 0 and var at ? uri[(at + 3)..] : "")
            .Where(path => path.Length > 0);
}
