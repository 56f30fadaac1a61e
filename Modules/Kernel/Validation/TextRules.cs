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
}
