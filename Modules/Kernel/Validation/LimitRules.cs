using System.Globalization;
using FluentValidation;

namespace KissChat.Kernel.Validation;

/// <summary>
/// A listing's <c>limit</c> arrives as text so that a bad value is a 400 naming the field rather than a binding failure;
/// an empty value (<c>?limit=</c>) means "not given".
/// </summary>
public static class LimitRules
{
    /// <summary>The limit asked for, once validated by <see cref="Limit{T}"/>; <paramref name="byDefault"/> when none was.</summary>
    public static int Read(string? limit, int byDefault) =>
        string.IsNullOrEmpty(limit) ? byDefault : int.Parse(limit, NumberStyles.None, CultureInfo.InvariantCulture);

    public static IRuleBuilderOptions<T, string?> Limit<T>(this IRuleBuilder<T, string?> rule, int maximum) =>
        rule.Must(limit => string.IsNullOrEmpty(limit)
                || (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= maximum))
            .WithMessage($"'limit' must be a whole number from 1 to {maximum}.");
}
