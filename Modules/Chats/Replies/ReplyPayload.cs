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

/// <summary>What a reply job needs besides the chat's messages: what to write and the user's optional overrides.</summary>
/// <param name="Charged">Kiss coins this reply cost, given back if it produces nothing.</param>
internal sealed record ReplyPayload(Guid ChatId, int? MaxTokens, double? Temperature, string? Model, string Mode = ReplyModes.Reply, Guid? TargetMessageId = null, int Charged = 0)
{
    public static ReplyPayload For(Guid chatId, IReplyOverrides overrides, string mode = ReplyModes.Reply, Guid? target = null) =>
        new(chatId, overrides.MaxTokens, overrides.Temperature, overrides.Model, mode, target);
}
