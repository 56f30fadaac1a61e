using System.Text.Json;
using FastEndpoints;
using FluentValidation;
using KissChat.Inference.Contracts;
using KissChat.Jobs.Contracts;

namespace KissChat.Chats.Replies;

/// <summary>
/// What every request that streams a reply takes besides its own members: generation settings for this reply (over the
/// chat's), and how much of the chat the <c>completed</c> frame's <c>chatHistory</c> carries.
/// </summary>
internal abstract record ReplyRequest : GenerationSettings
{
    /// <summary>The <c>completed</c> frame's <c>chatHistory</c>: <c>"full"</c> (default), <c>"none"</c>, or a number of last messages.</summary>
    public JsonElement? History { get; init; }

    /// <summary>
    /// The client's name for this request (a UUID, say): sent again with the same key after its answer was lost, the
    /// request stores nothing more and gets the first one's stream from its first frame (<see cref="RequestKey"/>).
    /// </summary>
    [FromHeader(RequestKey.Header, isRequired: false, removeFromSchema: true)]
    public string? IdempotencyKey { get; init; }
}

internal sealed class ReplyRequestRules : AbstractValidator<ReplyRequest>
{
    public ReplyRequestRules(Func<InferenceOptions> inference)
    {
        RuleFor(r => r.History).Must(h => HistoryOption.TryRead(h, out _)).WithMessage(HistoryOption.Invalid);
        RuleFor(r => r.IdempotencyKey).Must(RequestKey.IsValid).WithMessage(RequestKey.Invalid);
        Include(new GenerationSettingsRules(inference));
    }
}
