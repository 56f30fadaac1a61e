using FastEndpoints;
using FluentValidation;

namespace KissChat.Chats.EditMessage;

/// <param name="Id">The chat, from the route.</param>
/// <param name="MessageId">The message, from the route.</param>
/// <param name="Content">The new text; left out to change only <paramref name="Hidden"/>.</param>
/// <param name="Hidden">Hide the message from the model (it stays in the chat), or show it again.</param>
internal sealed record EditMessageRequest(Guid Id, Guid MessageId, string? Content, bool? Hidden = null);

internal sealed class EditMessageValidator : Validator<EditMessageRequest>
{
    public EditMessageValidator() =>
        RuleFor(r => r.Content)
            .NotEmpty().WithMessage("'content' must not be empty or blank (or leave it out and send 'hidden').")
            .When(r => r.Content is not null || r.Hidden is null)
            .Must(c => c is null || c.Length <= Resolve<ChatsOptions>().MaxMessageCharacters)
            .WithMessage(_ => $"'content' must be {Resolve<ChatsOptions>().MaxMessageCharacters} characters or fewer.")
            .Must(c => c is null || !c.Contains('\0', StringComparison.Ordinal)).WithMessage("'content' must not contain NUL characters.");
}
