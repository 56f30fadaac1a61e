using FluentValidation;
using KissChat.Characters.Data;
using KissChat.Characters.Editing;
using KissChat.Characters.Paging;
using KissChat.Kernel.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.BrowseCharacters;

/// <param name="Tag">Only characters with this tag (whole tag, ASCII letters in any case).</param>
/// <param name="Q">Only characters whose name contains this text, ignoring case.</param>
/// <param name="Sort"><c>popular</c> (most chatted first, the default) or <c>newest</c>.</param>
internal sealed record PublicCharactersQuery(
    [FromQuery(Name = "tag")] string? Tag,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "sort")] string? Sort,
    [FromQuery(Name = "cursor")] string? Cursor,
    [FromQuery(Name = "limit")] string? Limit)
{
    public const string Popular = "popular";

    public const string Newest = "newest";

    public CharacterOrder Order => Sort == Newest ? CharacterOrder.Newest : CharacterOrder.Popular;
}

internal sealed class PublicCharactersQueryValidator : AbstractValidator<PublicCharactersQuery>
{
    public PublicCharactersQueryValidator()
    {
        RuleFor(q => q.Tag).SingleLine(CharacterLimits.TagLength);
        RuleFor(q => q.Q).SingleLine(CharacterLimits.Short);
        RuleFor(q => q.Sort)
            .Must(sort => string.IsNullOrEmpty(sort) || sort is PublicCharactersQuery.Popular or PublicCharactersQuery.Newest)
            .WithMessage($"'sort' must be '{PublicCharactersQuery.Popular}' or '{PublicCharactersQuery.Newest}'.");
        RuleFor(q => q.Cursor).PageCursor(q => q.Order);
        RuleFor(q => q.Limit).PageLimit();
    }
}

internal static class BrowsePublicCharactersEndpoint
{
    public static async Task<Ok<CharacterPage>> Handle(
        [AsParameters] PublicCharactersQuery query, KissChatDbContext db, CancellationToken cancellationToken)
    {
        var characters = string.IsNullOrWhiteSpace(query.Tag)
            ? db.Set<Character>()
            // The tags column holds converted JSON, which LINQ cannot search; see TagsColumn for why this LIKE is exact.
            : db.Set<Character>().FromSql($"""SELECT * FROM characters WHERE lower(tags) LIKE {TagsColumn.WholeTagPattern(query.Tag.Trim())} ESCAPE '\'""");
        characters = characters.Where(c => c.Visibility == CharacterVisibility.Public);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim();
            // Both sides lowered by the database, so "case" means the same on either side of the comparison.
            characters = characters.Where(c => c.Name.ToLower().Contains(EF.Parameter(text).ToLower()));
        }

        var page = await CharacterPaging.PageAsync(
            characters, query.Order, PageRules.Cursor(query.Cursor, query.Order), PageRules.Limit(query.Limit), cancellationToken);
        return TypedResults.Ok(page);
    }
}
