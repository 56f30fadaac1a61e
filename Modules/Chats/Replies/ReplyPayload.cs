namespace KissChat.Chats.Replies;

/// <summary>What a reply job needs besides the chat's messages: the user's optional overrides.</summary>
internal sealed record ReplyPayload(Guid ChatId, int? MaxTokens, double? Temperature, string? Model);
