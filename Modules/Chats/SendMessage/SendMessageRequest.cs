using FastEndpoints;
using FluentValidation;
using KissChat.Chats.Messages;
using KissChat.Chats.Replies;
using KissChat.Inference.Contracts;

namespace KissChat.Chats.SendMessage;

/// <summary>The message, and optional generation settings for this reply (over the chat's), each bounded by configuration.</summary>
/// <param name="CharacterId">In a group chat, who answers (an unmuted member); left out, the chat's strategy chooses.</param>
internal sealed record SendMessageRequest(Guid? ChatId, string? Prompt, Guid? CharacterId = null) : ReplyRequest;

internal sealed class SendMessageValidator : Validator<SendMessageRequest>
{
    public SendMessageValidator()
    {
        RuleFor(r => r.ChatId).NotEmpty();
        RuleFor(r => r.Prompt)
            .NotEmpty().WithMessage("'prompt' must not be empty or blank.")
            .WithinPromptLimits(Resolve<ChatsOptions>);
        Include(new ReplyRequestRules(Resolve<InferenceOptions>));
    }
}
