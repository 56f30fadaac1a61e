using FastEndpoints;
using FluentValidation;

namespace KissChat.Chats.RenameChat;

/// <param name="Id">The chat, from the route.</param>
internal sealed record RenameChatRequest(Guid Id, string? Title);

internal sealed class RenameChatValidator : Validator<RenameChatRequest>
{
    public RenameChatValidator() =>
        RuleFor(r => r.Title)
            .NotEmpty()
            .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("'title' must not be blank.")
            .MaximumLength(200)
            .Must(t => t is null || !t.Any(char.IsControl)).WithMessage("'title' must not contain control characters.");
}
