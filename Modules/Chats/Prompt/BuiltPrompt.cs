using KissChat.Inference.Contracts;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace KissChat.Chats.Prompt;

/// <summary>The tokens of one part of the prompt (its text, without the per-message overhead).</summary>
/// <param name="Name">system, character, persona, lore, examples, history, author_note, post_history, group or continue.</param>
internal sealed record PromptPart(string Name, int Tokens);

/// <summary>What a reply sends: the messages and settings, and how they came to be.</summary>
/// <param name="Tokens">The whole prompt as counted against the budget: each message's text plus its overhead.</param>
/// <param name="OmittedMessages">Older messages of the chat left out to fit the budget.</param>
/// <param name="OmittedExamples">Example dialogues left out to fit the budget (they go before any message does).</param>
internal sealed record BuiltPrompt(
    IReadOnlyList<AiChatMessage> Messages,
    GenerationSettings Settings,
    IReadOnlyList<PromptPart> Parts,
    int Tokens,
    int Budget,
    IReadOnlyList<FiredLore> Lore,
    int OmittedMessages,
    int OmittedExamples);
