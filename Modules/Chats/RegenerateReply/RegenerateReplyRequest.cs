using FastEndpoints;
using KissChat.Chats.Replies;
using KissChat.Inference.Contracts;

namespace KissChat.Chats.RegenerateReply;

/// <param name="Id">The chat, from the route; the body (the overrides) may be left out.</param>
internal sealed record RegenerateReplyRequest(Guid Id, int? MaxTokens, double? Temperature, string? Model) : IReplyOverrides;

internal sealed class RegenerateReplyValidator : Validator<RegenerateReplyRequest>
{
    public RegenerateReplyValidator() => Include(new ReplyOverridesValidator(Resolve<InferenceOptions>));
}
