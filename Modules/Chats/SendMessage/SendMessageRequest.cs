using KissChat.Inference.Contracts;
using FluentValidation;
using KissChat.Chats.Replies;

namespace KissChat.Chats.SendMessage;

/// <param name="MaxTokens">Optional, bounded by <c>Inference:MaxTokensLimit</c>.</param>
/// <param name="Model">Optional, one of <c>Inference:AllowedModels</c>.</param>
internal sealed record SendMessageRequest(Guid? ChatId, string? Prompt, int? MaxTokens, double? Temperature, string? Model) : IReplyOverrides;

internal sealed class SendMessageRequestValidator : AbstractValidator<SendMessageRequest>
{
    public SendMessageRequestValidator(ChatsOptions chats, InferenceOptions inference)
    {
        RuleFor(r => r.ChatId).NotEmpty();
        RuleFor(r => r.Prompt)
            .NotEmpty()
            .Must(p => !string.IsNullOrWhiteSpace(p)).WithMessage("'prompt' must not be blank.")
            .MaximumLength(chats.MaxPromptCharacters)
            .Must(p => p is null || !p.Contains('\0', StringComparison.Ordinal)).WithMessage("'prompt' must not contain NUL characters.");
        Include(new ReplyOverridesValidator(inference));
    }
}
