using FluentValidation;
using KissChat.Characters.Data;
using KissChat.Characters.Paging;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Mvc;

namespace KissChat.Characters.ListCharacters;

internal sealed record MyCharactersQuery([FromQuery(Name = "cursor")] string? Cursor, [FromQuery(Name = "limit")] string? Limit);

internal sealed class MyCharactersQueryValidator : AbstractValidator<MyCharactersQuery>
{
    public MyCharactersQueryValidator()
    {
        RuleFor(q => q.Cursor).PageCursor(_ => CharacterOrder.Newest);
        RuleFor(q => q.Limit).PageLimit();
    }
}

internal static class ListMyCharactersEndpoint
{
    public static async Task<Ok<CharacterPage>> Handle(
        [AsParameters] MyCharactersQuery query, CurrentUser me, KissChatDbContext db, CancellationToken cancellationToken)
    {
        var mine = db.Set<Character>().Where(c => c.UserId == me.Id);
        var page = await CharacterPaging.PageAsync(
            mine, CharacterOrder.Newest, PageRules.Cursor(query.Cursor, CharacterOrder.Newest), PageRules.Limit(query.Limit), cancellationToken);
        return TypedResults.Ok(page);
    }
}
