using KissChat.Lorebooks.Contracts;

namespace KissChat.Characters.Contracts;

/// <summary>
/// A character as a chat's prompt uses it, part by part, with the card macros (<c>{{char}}</c>, <c>{{user}}</c>…) still in
/// place: they are filled in at each turn. A chat pins a copy of this when the user asks, or when the character stops
/// being available to it (deleted, or made private by its author).
/// </summary>
/// <param name="SystemPrompt">The card's <c>system_prompt</c> (our <c>system_instruction</c>): replaces the default framing.</param>
/// <param name="Description">Every descriptive attribute, labelled; null when there are none.</param>
/// <param name="MesExample">Example dialogues, each starting with <c>&lt;START&gt;</c>.</param>
/// <param name="PostHistoryInstructions">Sent after the chat history.</param>
/// <param name="Book">The card's <c>character_book</c>: its lore fires with no extra step.</param>
/// <param name="Note">SillyTavern's Character's Note (<c>extensions.depth_prompt</c>): put in the chat at its depth, as an author's note is.</param>
/// <param name="CreatorNotes">The author's notes to the card's readers: never in the prompt, but a lore entry may look for its keys there.</param>
/// <param name="RegexScripts">The card's SillyTavern regex scripts that are switched on; null when it has none.</param>
/// <param name="DefinitionHidden">
/// The chat's user may not read the definition (someone else's character that keeps it hidden): it goes to the model,
/// never into what the user's own texts are filled with, which may be stored and read back. Kept in a pinned copy.
/// </param>
/// <param name="Tags">The character's tags, for lore entries kept to (or from) characters with some of them; null in copies pinned before they were kept.</param>
public sealed record CharacterCard(
    Guid Id,
    string Name,
    string? SystemPrompt,
    string? Description,
    string? Personality,
    string? Scenario,
    string? MesExample,
    string? PostHistoryInstructions,
    LoreBook? Book,
    CharacterNote? Note = null,
    string? CreatorNotes = null,
    IReadOnlyList<RegexScript>? RegexScripts = null,
    IReadOnlyList<string>? Tags = null,
    bool DefinitionHidden = false);

/// <param name="Depth">How many messages from the end it goes (0 is after the last one).</param>
/// <param name="Role"><c>system</c>, <c>user</c> or <c>assistant</c>.</param>
public sealed record CharacterNote(string Prompt, int Depth, string Role);
