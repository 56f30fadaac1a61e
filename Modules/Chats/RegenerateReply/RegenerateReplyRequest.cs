using FastEndpoints;
using KissChat.Inference.Contracts;

namespace KissChat.Chats.RegenerateReply;

/// <param name="Id">The chat, from the route; the body (generation settings for this reply) may be left out.</param>
internal sealed record RegenerateReplyRequest(Guid Id) : GenerationSettings;

internal sealed class RegenerateReplyValidator : Validator<RegenerateReplyRequest>
{
    public RegenerateReplyValidator() => Include(new GenerationSettingsRules(Resolve<InferenceOptions>));
}
