using FastEndpoints;
using FluentValidation;

namespace KissChat.Chats.SelectSwipe;

/// <param name="Id">The chat, from the route.</param>
/// <param name="MessageId">The assistant message, from the route.</param>
/// <param name="Index">Which of its alternatives to show, from 0.</param>
internal sealed record SelectSwipeRequest(Guid Id, Guid MessageId, int? Index);

internal sealed class SelectSwipeValidator : Validator<SelectSwipeRequest>
{
    public SelectSwipeValidator() => RuleFor(r => r.Index).NotNull().GreaterThanOrEqualTo(0);
}
