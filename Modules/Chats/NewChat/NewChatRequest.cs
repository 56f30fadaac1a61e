using FastEndpoints;
using FluentValidation;

namespace KissChat.Chats.NewChat;

internal sealed record NewChatRequest(Guid? CharacterId);

internal sealed class NewChatValidator : Validator<NewChatRequest>
{
    public NewChatValidator() => RuleFor(r => r.CharacterId).NotEmpty();
}
