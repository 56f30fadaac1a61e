using FastEndpoints;
using FluentValidation;

namespace KissChat.Chats.StreamReply;

/// <param name="LastEventIdHeader">The last frame id the client has, as browsers send it on reconnect.</param>
/// <param name="LastEventId">The same for clients that cannot set headers; the header wins.</param>
internal sealed record StreamReplyRequest(
    Guid JobId,
    [property: FromHeader("Last-Event-ID", isRequired: false, removeFromSchema: true)] string? LastEventIdHeader,
    [property: BindFrom("last_event_id")] string? LastEventId)
{
    /// <summary>The frame id to resume after: 0 when none was sent; null when what was sent is not a frame id.</summary>
    public int? After => (LastEventIdHeader ?? LastEventId) switch
    {
        null or "" => 0,
        var raw => int.TryParse(raw, out var after) && after >= 0 ? after : null,
    };
}

internal sealed class StreamReplyValidator : Validator<StreamReplyRequest>
{
    public StreamReplyValidator() =>
        RuleFor(r => r.After)
            .NotNull()
            .OverridePropertyName("last_event_id")
            .WithMessage("Last-Event-ID must be a frame id (a non-negative whole number).");
}
