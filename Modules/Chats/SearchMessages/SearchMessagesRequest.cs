using FastEndpoints;
using FluentValidation;
using KissChat.Chats.ListChats;

namespace KissChat.Chats.SearchMessages;

/// <param name="Q">The words to find, all of them, in any order (case and accents do not matter).</param>
/// <param name="Cursor">The <c>next_cursor</c> of the previous page.</param>
/// <param name="Limit">Messages per page: 1 to 100, 20 by default.</param>
internal sealed record SearchMessagesRequest(string? Q, string? Cursor, int? Limit)
{
    public const int MaxQueryLength = 200;
}

internal sealed class SearchMessagesValidator : Validator<SearchMessagesRequest>
{
    public SearchMessagesValidator()
    {
        RuleFor(r => r.Q)
            .Must(q => !string.IsNullOrWhiteSpace(q)).WithMessage("'q' must name something to search for.")
            .MaximumLength(SearchMessagesRequest.MaxQueryLength)
            .Must(q => q is null || !q.Any(char.IsControl)).WithMessage("'q' must not contain control characters.");
        RuleFor(r => r.Cursor)
            .Must(c => ChatCursor.Decode(c) is not null)
            .WithMessage("'cursor' is not a next_cursor from this search; start again without one.")
            .When(r => !string.IsNullOrEmpty(r.Cursor));
        RuleFor(r => r.Limit).InclusiveBetween(1, ListChatsRequest.MaxLimit).When(r => r.Limit is not null);
    }
}
