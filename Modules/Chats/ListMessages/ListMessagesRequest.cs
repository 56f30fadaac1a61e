using FastEndpoints;
using FluentValidation;

namespace KissChat.Chats.ListMessages;

/// <param name="Id">The chat, from the route.</param>
/// <param name="Before">Messages before this position (an <c>older_cursor</c>).</param>
/// <param name="After">Messages after this position (a <c>newer_cursor</c>).</param>
/// <param name="Around">A message of the chat (its id, as a search found it): the page holding it, with up to half the
/// limit of the messages before it and the rest after it.</param>
/// <param name="Limit">Messages per page: 1 to 200, 50 by default.</param>
internal sealed record ListMessagesRequest(Guid Id, int? Before, int? After, Guid? Around, int? Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

internal sealed class ListMessagesValidator : Validator<ListMessagesRequest>
{
    public ListMessagesValidator()
    {
        RuleFor(r => r.After).Null().WithMessage("Send either 'before' or 'after', not both.").When(r => r.Before is not null);
        RuleFor(r => r.Around).Null().WithMessage("Send 'around' without 'before' or 'after'.").When(r => r.Before is not null || r.After is not null);
        RuleFor(r => r.Before).GreaterThanOrEqualTo(0).When(r => r.Before is not null);
        RuleFor(r => r.After).GreaterThanOrEqualTo(0).When(r => r.After is not null);
        RuleFor(r => r.Limit).InclusiveBetween(1, ListMessagesRequest.MaxLimit).When(r => r.Limit is not null);
    }
}
