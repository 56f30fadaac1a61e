using System.Globalization;
using System.Text;
using FluentValidation;

namespace KissChat.Kernel.Validation;

public static class TextRules
{
    /// <summary>A word or phrase on one line: no control characters at all.</summary>
    public static IRuleBuilderOptions<T, string?> SingleLine<T>(this IRuleBuilder<T, string?> rule, int maximumLength) =>
        rule.MaximumLength(maximumLength)
            .Must(text => text is null || IsSingleLine(text))
            .WithMessage("'{PropertyName}' must be a single line without control characters.");

    /// <summary>
    /// Prose: line breaks and tabs are fine, other control characters are not (PostgreSQL refuses NUL in text,
    /// and the rest would only garble the prompt).
    /// </summary>
    public static IRuleBuilderOptions<T, string?> Prose<T>(this IRuleBuilder<T, string?> rule, int maximumLength) =>
        rule.MaximumLength(maximumLength)
            .Must(text => text is null || !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            .WithMessage("'{PropertyName}' must not contain control characters other than line breaks and tabs.");

    public static bool IsSingleLine(string text) => !text.Any(char.IsControl);

    /// <summary>
    /// Nothing anyone would see: null, or only spaces, control and format characters (zero-width spaces and joiners,
    /// direction marks, tag characters, variation selectors), combining marks with nothing to combine with, and the blank
    /// letters used to fake an empty name (Hangul fillers, the blank Braille pattern). A name made of them looks like no
    /// name in every list. Read by code point: those beyond the first plane come as surrogate pairs.
    /// </summary>
    public static bool IsBlank(string? text) => text is null || text.EnumerateRunes().All(IsInvisible);

    private static bool IsInvisible(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            && !IsVisibleFormat(rune.Value))
        || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;

    /// <summary>The format characters that are drawn (Arabic, Syriac and Kaithi number signs, the end-of-ayah mark).</summary>
    private static bool IsVisibleFormat(int codePoint) => codePoint is >= 0x0600 and <= 0x0605 or 0x06DD or 0x070F or 0x0890 or 0x0891 or 0x08E2 or 0x110BD or 0x110CD;
}
