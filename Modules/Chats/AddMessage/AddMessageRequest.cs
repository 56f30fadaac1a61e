using FastEndpoints;
using FluentValidation;
using KissChat.Chats.Data;
using KissChat.Chats.Messages;

namespace KissChat.Chats.AddMessage;

/// <param name="Id">The chat, from the route.</param>
/// <param name="Role"><c>user</c> (the default) or <c>narrator</c>.</param>
/// <param name="Hidden">Kept out of the prompt from the start (SillyTavern's <c>/comment</c>, with the narrator).</param>
internal sealed record AddMessageRequest(Guid Id, string? Content, string? Role = null, bool Hidden = false);

internal sealed class AddMessageValidator : Validator<AddMessageRequest>
{
    public AddMessageValidator()
    {
        RuleFor(r => r.Content).ValidMessageText(Resolve<ChatsOptions>);
        RuleFor(r => r.Role).Must(r => r is null or ChatRoles.User or ChatRoles.Narrator)
            .WithMessage($"'role' must be '{ChatRoles.User}' or '{ChatRoles.Narrator}'.");
    }
}
