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

    public const string MostLiked = "most_liked";

    public const string Trending = "trending";

    public const string Sorts = $"'{Popular}' (most chatted first, the default), '{Newest}', '{MostLiked}' or '{Trending}' (most chats in the last 7 days)";

    [JsonIgnore]
    public CharacterOrder Order => Sort switch
    {
        Newest => CharacterOrder.Newest,
        MostLiked => CharacterOrder.MostLiked,
        Trending => CharacterOrder.Trending,
        _ => CharacterOrder.Popular,
    };
}

internal sealed class BrowsePublicCharactersValidator : Validator<BrowsePublicCharactersRequest>
{
    public BrowsePublicCharactersValidator()
    {
        RuleFor(q => q.Tag).SingleLine(CharacterLimits.TagLength);
        RuleFor(q => q.Q).SingleLine(CharacterLimits.Short);
        RuleFor(q => q.Sort)
            .Must(sort => string.IsNullOrEmpty(sort) || sort is BrowsePublicCharactersRequest.Popular or BrowsePublicCharactersRequest.Newest
                or BrowsePublicCharactersRequest.MostLiked or BrowsePublicCharactersRequest.Trending)
            .WithMessage($"'sort' must be {BrowsePublicCharactersRequest.Sorts}.");
        RuleFor(q => q.Cursor).PageCursor(q => q.Order);
        RuleFor(q => q.Limit).PageLimit();
    }
}
