using FastEndpoints;
using KissChat.Characters.Paging;

namespace KissChat.Characters.ListMyCharacters;

internal sealed record ListMyCharactersRequest(string? Cursor, string? Limit);

internal sealed class ListMyCharactersValidator : Validator<ListMyCharactersRequest>
{
    public ListMyCharactersValidator()
    {
        RuleFor(q => q.Cursor).PageCursor(_ => CharacterOrder.Newest);
        RuleFor(q => q.Limit).PageLimit();
    }
}
