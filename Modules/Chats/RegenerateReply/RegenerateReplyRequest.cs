using FastEndpoints;
using KissChat.Inference.Contracts;

namespace KissChat.Chats.RegenerateReply;

/// <param name="Id">The chat, from the route; the body (generation settings for this reply) may be left out.</param>
internal sealed record RegenerateReplyRequest(Guid Id) : GenerationSettings
{
    /// <summary>In a group chat, who says the new swipe; left out, the character who said the reply (or, for a missing reply, the chat's strategy).</summary>
    public Guid? CharacterId { get; init; }
}

internal sealed class RegenerateReplyValidator : Validator<RegenerateReplyRequest>
{
    public RegenerateReplyValidator() => Include(new GenerationSettingsRules(Resolve<InferenceOptions>));
}
