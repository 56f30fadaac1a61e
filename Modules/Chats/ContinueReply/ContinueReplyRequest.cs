using FastEndpoints;
using KissChat.Chats.Replies;
using KissChat.Inference.Contracts;

namespace KissChat.Chats.ContinueReply;

/// <param name="Id">The chat, from the route; the body (the overrides) may be left out.</param>
internal sealed record ContinueReplyRequest(Guid Id, int? MaxTokens, double? Temperature, string? Model) : IReplyOverrides;

internal sealed class ContinueReplyValidator : Validator<ContinueReplyRequest>
{
    public ContinueReplyValidator() => Include(new ReplyOverridesValidator(Resolve<InferenceOptions>));
}
