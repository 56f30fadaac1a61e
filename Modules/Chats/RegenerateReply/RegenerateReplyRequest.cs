using FastEndpoints;
using KissChat.Chats.Replies;
using KissChat.Inference.Contracts;

namespace KissChat.Chats.RegenerateReply;

/// <param name="Id">The chat, from the route; the body (generation settings for this reply, <c>history</c>) may be left out.</param>
internal sealed record RegenerateReplyRequest(Guid Id) : ReplyRequest
{
    /// <summary>In a group chat, who says the new swipe; left out, the character who said the reply (or, for a missing reply, the chat's strategy).</summary>
    public Guid? CharacterId { get; init; }
}

internal sealed class RegenerateReplyValidator : Validator<RegenerateReplyRequest>
{
    public RegenerateReplyValidator() => Include(new ReplyRequestRules(Resolve<InferenceOptions>));
}
