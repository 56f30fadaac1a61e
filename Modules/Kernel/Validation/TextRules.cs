using System.Globalization;
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
    /// direction marks), combining marks with nothing to combine with, and the blank letters used to fake an empty name
    /// (Hangul fillers, the blank Braille pattern). A name made of them looks like no name in every list.
    /// </summary>
    public static bool IsBlank(string? text) => text is null || text.All(IsInvisible);

    private static bool IsInvisible(char c) =>
        char.IsWhiteSpace(c)
        || char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
        || c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800';
}
