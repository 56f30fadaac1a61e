using FastEndpoints;
using FluentValidation;

namespace KissChat.Chats.BranchChat;

/// <param name="Id">The chat to branch, from the route.</param>
/// <param name="MessageId">The last message the branch keeps.</param>
internal sealed record BranchChatRequest(Guid Id, Guid? MessageId);

internal sealed class BranchChatValidator : Validator<BranchChatRequest>
{
    public BranchChatValidator() => RuleFor(r => r.MessageId).NotEmpty();
}
