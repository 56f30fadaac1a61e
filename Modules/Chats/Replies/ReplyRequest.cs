using System.Text.Json;
using FluentValidation;
using KissChat.Inference.Contracts;

namespace KissChat.Chats.Replies;

/// <summary>
/// What every request that streams a reply takes besides its own members: generation settings for this reply (over the
/// chat's), and how much of the chat the <c>completed</c> frame's <c>chatHistory</c> carries.
/// </summary>
internal abstract record ReplyRequest : GenerationSettings
{
    /// <summary>The <c>completed</c> frame's <c>chatHistory</c>: <c>"full"</c> (default), <c>"none"</c>, or a number of last messages.</summary>
    public JsonElement? History { get; init; }
}

internal sealed class ReplyRequestRules : AbstractValidator<ReplyRequest>
{
    public ReplyRequestRules(Func<InferenceOptions> inference)
    {
        RuleFor(r => r.History).Must(h => HistoryOption.TryRead(h, out _)).WithMessage(HistoryOption.Invalid);
        Include(new GenerationSettingsRules(inference));
    }
}
