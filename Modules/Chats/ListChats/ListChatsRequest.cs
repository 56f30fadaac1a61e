using FastEndpoints;
using FluentValidation;
using KissChat.Chats.Folders;

namespace KissChat.Chats.ListChats;

/// <param name="CharacterId">Only the chats with this character.</param>
/// <param name="Cursor">The <c>next_cursor</c> of the previous page.</param>
/// <param name="Limit">Chats per page: 1 to 100, 20 by default.</param>
/// <param name="Favorite">true: only my favourites; false: only the others.</param>
/// <param name="Folder">Only the chats in this folder.</param>
internal sealed record ListChatsRequest([property: BindFrom("character_id")] Guid? CharacterId, string? Cursor, int? Limit, bool? Favorite, string? Folder)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}

internal sealed class ListChatsValidator : Validator<ListChatsRequest>
{
    public ListChatsValidator()
    {
        RuleFor(r => r.Cursor)
            .Must(c => ChatCursor.Decode(c) is not null)
            .WithMessage("'cursor' is not a next_cursor from this listing; start again without one.")
            .When(r => !string.IsNullOrEmpty(r.Cursor));
        RuleFor(r => r.Limit).InclusiveBetween(1, ListChatsRequest.MaxLimit).When(r => r.Limit is not null);
        RuleFor(r => r.Folder).Folder();
    }
}
