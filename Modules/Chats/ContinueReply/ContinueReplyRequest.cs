using FastEndpoints;
using KissChat.Chats.Replies;
using KissChat.Inference.Contracts;

namespace KissChat.Chats.ContinueReply;

/// <param name="Id">The chat, from the route; the body (generation settings for this reply, <c>history</c>) may be left out.</param>
internal sealed record ContinueReplyRequest(Guid Id) : ReplyRequest
{
    /// <summary>In a group chat, who writes a missing reply; a continuation is always said by the character who said the message.</summary>
    public Guid? CharacterId { get; init; }
}

internal sealed class ContinueReplyValidator : Validator<ContinueReplyRequest>
{
    public ContinueReplyValidator() => Include(new ReplyRequestRules(Resolve<InferenceOptions>));
}
