using FastEndpoints;
using FluentValidation;
using KissChat.Chats.Messages;

namespace KissChat.Chats.PreviewPrompt;

/// <param name="Id">The chat, from the route.</param>
/// <param name="Prompt">The message you are about to send: the preview answers it as chat/response would. Left out, the
/// preview is the chat as it is (what regenerate sends when the chat ends on your message).</param>
/// <param name="CharacterId">In a group chat, the speaker to build it for; left out, the one the chat's strategy would choose.</param>
/// <param name="Impersonate">The prompt of <c>chat/{id}/impersonate</c> instead, <paramref name="Prompt"/> being its direction
/// (and <paramref name="CharacterId"/> whom the user answers, left out the one who spoke last).</param>
internal sealed record PreviewPromptRequest(Guid Id, string? Prompt, [property: BindFrom("character_id")] Guid? CharacterId = null, bool Impersonate = false);

internal sealed class PreviewPromptValidator : Validator<PreviewPromptRequest>
{
    public PreviewPromptValidator() => RuleFor(r => r.Prompt).WithinPromptLimits(Resolve<ChatsOptions>);
}
