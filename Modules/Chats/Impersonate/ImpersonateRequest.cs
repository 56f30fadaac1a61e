using FastEndpoints;
using FluentValidation;
using KissChat.Chats.Messages;
using KissChat.Inference.Contracts;

namespace KissChat.Chats.Impersonate;

/// <param name="Id">The chat, from the route; the body (a direction and generation settings) may be left out.</param>
internal sealed record ImpersonateRequest(Guid Id) : GenerationSettings
{
    /// <summary>What the message should say or do, in the user's words (SillyTavern's <c>/impersonate</c> argument).</summary>
    public string? Prompt { get; init; }

    /// <summary>In a group chat, the character the user answers, whose prompt it is built from; left out, the one who spoke last.</summary>
    public Guid? CharacterId { get; init; }
}

internal sealed class ImpersonateValidator : Validator<ImpersonateRequest>
{
    public ImpersonateValidator()
    {
        RuleFor(r => r.Prompt).WithinPromptLimits(Resolve<ChatsOptions>);
        Include(new GenerationSettingsRules(Resolve<InferenceOptions>));
    }
}
