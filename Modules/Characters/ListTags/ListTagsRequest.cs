using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using KissChat.Kernel.Validation;

namespace KissChat.Characters.ListTags;

/// <param name="Limit">How many tags, the most used first: 1 to 500 (default 100).</param>
internal sealed record ListTagsRequest(string? Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    [JsonIgnore]
    public int Take => LimitRules.Read(Limit, DefaultLimit);
}

internal sealed class ListTagsValidator : Validator<ListTagsRequest>
{
    public ListTagsValidator() =>
        RuleFor(r => r.Limit).Limit(ListTagsRequest.MaxLimit);
}

/// <param name="Tag">The tag as most characters spell it.</param>
/// <param name="Count">How many listed characters carry it, in any case.</param>
internal sealed record TagCount(string Tag, int Count);
