using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KissChat.Inference.Contracts;

namespace KissChat.Chats.Replies;

internal static class ReplyModes
{
    /// <summary>Answer the newest user message with a new assistant message.</summary>
    public const string Reply = "reply";

    /// <summary>Write a new alternative (swipe) of the target assistant message from the context before it.</summary>
    public const string Regenerate = "regenerate";

    /// <summary>Extend the target assistant message where it ends.</summary>
    public const string Continue = "continue";
}

/// <summary>What a reply job needs besides the chat itself: what to write and the request's own generation settings.</summary>
/// <param name="Overrides">The request's settings, over the chat's (null: none).</param>
/// <param name="Charged">Kiss coins this reply cost, given back if it produces nothing.</param>
/// <param name="History">How many last messages the completed frame's <c>chatHistory</c> carries; null: all of them.</param>
/// <param name="Speaker">In a group chat, the character who speaks (left out of a single-character chat's job).</param>
internal sealed record ReplyPayload(
    Guid ChatId,
    GenerationSettings? Overrides,
    string Mode = ReplyModes.Reply,
    Guid? TargetMessageId = null,
    int Charged = 0,
    int? History = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? Speaker = null)
{
    /// <summary>The member of a reply's frames that names a group reply's speaker.</summary>
    public const string SpeakerField = "character_id";

    /// <summary>
    /// What a group reply's <c>connected</c> and <c>processing</c> frames say of it, so its speaker is known from the
    /// first frame (the final one says it too); null in a single-character chat, whose frames stay the seed's.
    /// </summary>
    public JsonObject? Opening() => Speaker is { } speaker ? new JsonObject { [SpeakerField] = speaker.ToString() } : null;

    /// <param name="request">The request: its generation settings and its <c>history</c> are kept (validated already).</param>
    public static ReplyPayload For(Guid chatId, ReplyRequest request, string mode = ReplyModes.Reply, Guid? target = null, Guid? speaker = null) =>
        new(chatId, request.Over(null), mode, target, History: HistoryOption.TryRead(request.History, out var last) ? last : null, Speaker: speaker);
}
