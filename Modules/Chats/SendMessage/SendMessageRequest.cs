using FastEndpoints;
using FluentValidation;
using KissChat.Chats.Replies;
using KissChat.Inference.Contracts;

namespace KissChat.Chats.SendMessage;

/// <param name="MaxTokens">Optional, bounded by <c>Inference:MaxTokensLimit</c>.</param>
/// <param name="Model">Optional, one of <c>Inference:AllowedModels</c>.</param>
internal sealed record SendMessageRequest(Guid? ChatId, string? Prompt, int? MaxTokens, double? Temperature, string? Model) : IReplyOverrides;

internal sealed class SendMessageValidator : Validator<SendMessageRequest>
{
    public SendMessageValidator()
    {
        RuleFor(r => r.ChatId).NotEmpty();
        RuleFor(r => r.Prompt)
            .NotEmpty()
            .Must(p => !string.IsNullOrWhiteSpace(p)).WithMessage("'prompt' must not be blank.")
            .Must(p => p is null || p.Length <= Resolve<ChatsOptions>().MaxPromptCharacters)
            .WithMessage(_ => $"'prompt' must be {Resolve<ChatsOptions>().MaxPromptCharacters} characters or fewer.")
            .Must(p => p is null || !p.Contains('\0', StringComparison.Ordinal)).WithMessage("'prompt' must not contain NUL characters.");
        Include(new ReplyOverridesValidator(Resolve<InferenceOptions>));
    }
}
