using FastEndpoints;
using KissChat.Inference.Contracts;

namespace KissChat.Chats.ContinueReply;

/// <param name="Id">The chat, from the route; the body (generation settings for this reply) may be left out.</param>
internal sealed record ContinueReplyRequest(Guid Id) : GenerationSettings;

internal sealed class ContinueReplyValidator : Validator<ContinueReplyRequest>
{
    public ContinueReplyValidator() => Include(new GenerationSettingsRules(Resolve<InferenceOptions>));
}
