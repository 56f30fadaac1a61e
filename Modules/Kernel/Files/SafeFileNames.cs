using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KissChat.Kernel.Files;

/// <summary>
/// The name of a download or of an archive's file, made of a user's title so that any system can save it. SillyTavern
/// names a world (and a preset) after its file, so the name keeps the title as SillyTavern's <c>sanitize-filename</c>
/// would: only what a file name cannot hold is taken out, and a book called "Aria's World" stays linked by that name.
/// </summary>
public static partial class SafeFileNames
{
    /// <summary>
    /// Room left in SillyTavern's 255 bytes (UTF-8) for the extension and the suffix an archive adds to a name taken twice.
    /// </summary>
    private const int MaxBytes = 200;

    private const string Unsafe = "/\\?<>:*|\"";

    /// <summary>
    /// <paramref name="name"/> without the characters no file name may hold (<c>/\?&lt;&gt;:*|"</c> and control
    /// characters) or should (<see cref="IsHidden"/>), at most <see cref="MaxBytes"/> bytes; <paramref name="fallback"/>
    /// when nothing is left, or only a name Windows keeps for itself (<c>con</c>, <c>lpt1</c>…) or dots.
    /// </summary>
    public static string From(string name, string fallback)
    {
        var safe = Truncated(Kept(name).Trim());
        return safe.Length == 0 || Reserved().IsMatch(safe) ? fallback : safe;
    }

    private static string Kept(string name)
    {
        var kept = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            if (!(rune.IsAscii && Unsafe.Contains((char)rune.Value)) && !IsHidden(rune))
            {
                Append(kept, rune);
            }
        }

        return kept.ToString();
    }

    /// <summary>
    /// Control characters, line and paragraph separators, and format characters: among these the bidirectional controls
    /// (U+202A–202E, U+2066–2069, U+200E/200F), with which a name such as <c>evil\u202Egnp.json</c> shows a browser's
    /// save dialog another extension than the file has. The two joiners stay: Persian, Indic scripts and emoji need
    /// them to be written, and neither moves any text.
    /// </summary>
    private static bool IsHidden(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => true,
        UnicodeCategory.Format => rune.Value is not (0x200C or 0x200D),
        _ => false,
    };

    /// <summary>The longest start of <paramref name="name"/> that fits, never cut inside a character.</summary>
    private static string Truncated(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxBytes)
        {
            return name;
        }

        var builder = new StringBuilder();
        var bytes = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if ((bytes += rune.Utf8SequenceLength) > MaxBytes)
            {
                break;
            }

            Append(builder, rune);
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>Adds <paramref name="rune"/>'s one or two UTF-16 units, without making a string of each.</summary>
    private static void Append(StringBuilder builder, Rune rune)
    {
        Span<char> units = stackalloc char[2];
        builder.Append(units[..rune.EncodeToUtf16(units)]);
    }

    [GeneratedRegex(@"^(\.+|(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?)$", RegexOptions.IgnoreCase)]
    private static partial Regex Reserved();
}
