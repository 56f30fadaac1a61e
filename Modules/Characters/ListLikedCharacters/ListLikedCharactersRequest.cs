using FastEndpoints;
using KissChat.Characters.Paging;

namespace KissChat.Characters.ListLikedCharacters;

internal sealed record ListLikedCharactersRequest(string? Cursor, string? Limit);

internal sealed class ListLikedCharactersValidator : Validator<ListLikedCharactersRequest>
{
    public ListLikedCharactersValidator()
    {
        RuleFor(q => q.Cursor).PageCursor(_ => CharacterOrder.Liked);
        RuleFor(q => q.Limit).PageLimit();
    }
}
