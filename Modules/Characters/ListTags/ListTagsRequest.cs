using System.Globalization;
using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;

namespace KissChat.Characters.ListTags;

/// <param name="Limit">How many tags, the most used first: 1 to 500 (default 100).</param>
internal sealed record ListTagsRequest(string? Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    [JsonIgnore]
    public int Take => string.IsNullOrEmpty(Limit) ? DefaultLimit : int.Parse(Limit, NumberStyles.None, CultureInfo.InvariantCulture);
}

internal sealed class ListTagsValidator : Validator<ListTagsRequest>
{
    public ListTagsValidator() =>
        RuleFor(r => r.Limit)
            .Must(l => string.IsNullOrEmpty(l)
                || (int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= ListTagsRequest.MaxLimit))
            .WithMessage($"'limit' must be a whole number from 1 to {ListTagsRequest.MaxLimit}.");
}

/// <param name="Tag">The tag as most characters spell it.</param>
/// <param name="Count">How many listed characters carry it, in any case.</param>
internal sealed record TagCount(string Tag, int Count);
