using System.Text.Json.Serialization;
using KissChat.Chats.Data;
using KissChat.Inference.Contracts;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace KissChat.Chats.Prompt;

/// <summary>The tokens of one part of the prompt (its text, without the per-message overhead).</summary>
/// <param name="Name">
/// system, character, persona, lore, examples, summary, history, author_note, character_note, post_history, group, continue
/// or impersonation; for a reader who may not see the character's definition, its parts are one: definition.
/// </param>
internal sealed record PromptPart(string Name, int Tokens);

/// <summary>What a reply sends: the messages and settings, and how they came to be.</summary>
/// <param name="Tokens">The whole prompt as counted against the budget: each message's text plus its overhead.</param>
/// <param name="OmittedMessages">Older messages of the chat left out to fit the budget.</param>
/// <param name="OmittedExamples">Example dialogues left out to fit the budget (they go before any message does).</param>
/// <param name="DroppedThroughSeq">The position of the newest message left out, 0 when none was: the running summary's work.</param>
/// <param name="Read">What was read of the chat's messages to build it.</param>
/// <param name="LoreTimers">The chat's world-info stickies and cooldowns once this prompt is sent; null when it leaves them as they were.</param>
/// <param name="Variables">The chat's variables as this turn's macros left them (its scripts' too, on the reply): kept only with a stored reply.</param>
/// <param name="Scripts">The character's regex scripts with this turn's macros, for what the model writes; null when it has none.</param>
/// <param name="AnsweredAtSend">The user's message the reply answers, its macros filled as at its sending: stored so with the reply; null when it had none.</param>
internal sealed record BuiltPrompt(
    IReadOnlyList<AiChatMessage> Messages,
    GenerationSettings Settings,
    IReadOnlyList<PromptPart> Parts,
    int Tokens,
    int Budget,
    IReadOnlyList<FiredLore> Lore,
    int OmittedMessages,
    int OmittedExamples,
    int DroppedThroughSeq = 0,
    MessagesRead? Read = null,
    LoreTimers? LoreTimers = null,
    CharacterRegex? Scripts = null,
    ChatVariables? Variables = null,
    HistoryMessage? AnsweredAtSend = null);

/// <summary>What a prompt read of a chat's stored messages, so that the reply it is sent for need not read them again.</summary>
/// <param name="NewestSeq">The position of the newest message up to the prompt's limit, 0 when there is none.</param>
/// <param name="Whole">
/// Every message up to that limit (role and content, oldest first) when the chat was short enough to be read whole and the
/// prompt left none of it out.
/// </param>
internal sealed record MessagesRead(int NewestSeq, IReadOnlyList<HistoryEntry>? Whole);

/// <summary>A stored message as the completed frame's <c>chatHistory</c> shows it.</summary>
/// <remarks>Its names are its own, so it is written the same whatever options serialize the frame (see <c>ChatHistory.Json</c>).</remarks>
internal sealed record HistoryEntry([property: JsonPropertyName("role")] string Role, [property: JsonPropertyName("content")] string Content);
