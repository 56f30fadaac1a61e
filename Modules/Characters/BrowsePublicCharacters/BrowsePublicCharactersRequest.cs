using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using KissChat.Characters.Data;
using KissChat.Characters.Paging;
using KissChat.Kernel.Validation;

namespace KissChat.Characters.BrowsePublicCharacters;

internal sealed record BrowsePublicCharactersRequest(string? Tag, string? Q, string? Sort, string? Cursor, string? Limit)
{
    public const string Popular = "popular";

    public const string Newest = "newest";

    [JsonIgnore]
    public CharacterOrder Order => Sort == Newest ? CharacterOrder.Newest : CharacterOrder.Popular;
}

internal sealed class BrowsePublicCharactersValidator : Validator<BrowsePublicCharactersRequest>
{
    public BrowsePublicCharactersValidator()
    {
        RuleFor(q => q.Tag).SingleLine(CharacterLimits.TagLength);
        RuleFor(q => q.Q).SingleLine(CharacterLimits.Short);
        RuleFor(q => q.Sort)
            .Must(sort => string.IsNullOrEmpty(sort) || sort is BrowsePublicCharactersRequest.Popular or BrowsePublicCharactersRequest.Newest)
            .WithMessage($"'sort' must be '{BrowsePublicCharactersRequest.Popular}' or '{BrowsePublicCharactersRequest.Newest}'.");
        RuleFor(q => q.Cursor).PageCursor(q => q.Order);
        RuleFor(q => q.Limit).PageLimit();
    }
}
