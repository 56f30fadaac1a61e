using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Inference.Contracts;
using KissChat.Lorebooks.Contracts;
using KissChat.Personas.Contracts;

namespace KissChat.Chats.Prompt;

/// <summary>A message of the chat as the prompt sees it.</summary>
/// <param name="CharacterId">In a group chat, who said an assistant message.</param>
/// <param name="Seq">Its position in the chat (a message about to be sent: the next one).</param>
/// <param name="Hidden">Read with the others, but never put in the prompt.</param>
/// <param name="Said">In a group chat, another member's line as it was said, without the name <see cref="Content"/> carries for the speaker.</param>
internal sealed record HistoryMessage(string Role, string Content, DateTime CreatedAt, Guid? CharacterId = null, int Seq = 0, bool Hidden = false, string? Said = null);

/// <summary>Everything a turn's prompt is made of, read from the chat and the modules it uses (see <see cref="ChatPrompts"/>).</summary>
/// <param name="CharacterName">The character's name, or the chat's title when there is no character any more.</param>
/// <param name="Card">The pinned copy or the live character; null only for a chat whose character was gone before cards were pinned.</param>
/// <param name="StoredOpening">
/// The system message chats stored before prompts were built at each turn (their first message); the prompt of a chat
/// that has neither a character nor a pinned copy starts with it.
/// </param>
/// <param name="History">The newest messages (with the greeting that opens the chat), oldest first; the one answered last.</param>
/// <param name="OlderMessages">Messages of the chat before those loaded.</param>
/// <param name="Settings">Completed: what the reply is sent with.</param>
/// <param name="Continue">The reply extends the last message instead of answering it.</param>
/// <param name="GroupNote">In a group chat: who is present and whose turn it is, after the character in the system message.</param>
/// <param name="HideDefinition">
/// Built to be shown to a user who may not see the character's definition: the messages made from it (the system
/// message, the post-history instructions) keep their place, blank, and are counted as one <c>definition</c> part.
/// The character's own book is left out, as if none of it fired: its entries would otherwise tell, by the counts and
/// places they change, which of the reader's words are their keys. Everything else is fitted and counted as for the
/// reply, so the preview matches what is sent but for that book's lore. The definition's macros (<c>{{personality}}</c>…) in the user's own texts stay as written in both
/// (<see cref="KissChat.Characters.Contracts.CharacterCard.DefinitionHidden"/>).
/// </param>
/// <param name="Summary">The chat's running summary as the prompt carries it (<c>Memory:Template</c>), when there is one.</param>
/// <param name="GroupMembers">In a group chat, its members' names, in their order: <c>{{group}}</c>.</param>
/// <param name="Regenerate">The reply takes the place of the last one (a new swipe of it): lore that fires for <c>swipe</c> only.</param>
/// <param name="ChatSeed">The same at every turn of the chat (<see cref="MacroContext.PickSeed"/>).</param>
/// <param name="LoreTimers">The chat's world-info stickies and cooldowns as stored; null when it has none.</param>
/// <param name="Variables">The chat's SillyTavern variables as stored, which the prompt's macros may change (see <see cref="BuiltPrompt.Variables"/>).</param>
/// <param name="Impersonation">The model writes the user's next message, as SillyTavern's Impersonate asks it to: its instruction ends the prompt.</param>
/// <param name="NotePlacement">The author's note's role and position (its depth is <paramref name="AuthorNoteDepth"/>); null for the defaults.</param>
/// <param name="NoteDue">Whether this turn is one of the note's (its interval): when it is not, neither the note nor the lore around it goes in.</param>
/// <param name="Persona">The chat's persona, for where its description (<paramref name="PersonaDescription"/>) goes; null: in the system prompt.</param>
internal sealed record PromptInputs(
    string CharacterName,
    CharacterCard? Card,
    string? StoredOpening,
    string UserName,
    string? PersonaDescription,
    IReadOnlyList<LoreBook> Books,
    IReadOnlyList<HistoryMessage> History,
    int OlderMessages,
    string? AuthorNote,
    int AuthorNoteDepth,
    GenerationSettings Settings,
    int Budget,
    bool Continue,
    DateTimeOffset Now,
    int Seed,
    bool HideDefinition = false,
    string? GroupNote = null,
    string? Summary = null,
    Impersonation? Impersonation = null,
    IReadOnlyList<string>? GroupMembers = null,
    int ChatSeed = 0,
    bool Regenerate = false,
    LoreTimers? LoreTimers = null,
    ChatVariables? Variables = null,
    AuthorNotePlacement? NotePlacement = null,
    bool NoteDue = true,
    PersonaCard? Persona = null);

/// <summary>The model is asked to write the user's next message (never stored: the user sends it, or not).</summary>
/// <param name="Direction">The user's own words on what the message should say or do, after the instruction.</param>
internal sealed record Impersonation(string? Direction);
