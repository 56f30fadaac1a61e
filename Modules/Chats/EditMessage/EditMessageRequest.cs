using FastEndpoints;
using FluentValidation;
using KissChat.Chats.Messages;

namespace KissChat.Chats.EditMessage;

/// <param name="Id">The chat, from the route.</param>
/// <param name="MessageId">The message, from the route.</param>
/// <param name="Content">The new text; left out to change only <paramref name="Hidden"/> or <paramref name="Reasoning"/>.</param>
/// <param name="Hidden">Hide the message from the model (it stays in the chat), or show it again.</param>
/// <param name="Reasoning">A reply's reasoning (its selected swipe's) rewritten; an empty one removes it.</param>
internal sealed record EditMessageRequest(Guid Id, Guid MessageId, string? Content, bool? Hidden = null, string? Reasoning = null);

internal sealed class EditMessageValidator : Validator<EditMessageRequest>
{
    public EditMessageValidator()
    {
        // With neither of the others there is nothing else to change, so the text is needed.
        RuleFor(r => r.Content).ValidMessageText(Resolve<ChatsOptions>).When(r => r.Content is not null || (r.Hidden is null && r.Reasoning is null));
        RuleFor(r => r.Reasoning).WithinMessageLimits(Resolve<ChatsOptions>, "reasoning");
    }
}
