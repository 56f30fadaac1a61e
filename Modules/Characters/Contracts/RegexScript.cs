namespace KissChat.Characters.Contracts;

/// <summary>
/// One of SillyTavern's regex scripts a card carries (<c>data.extensions.regex_scripts</c>): a find-and-replace the
/// character's chats run on what the model writes, on what a prompt sends, or on its lore. Kept in the card as written;
/// this is what acting on it needs.
/// </summary>
/// <param name="Find">The pattern, as JavaScript writes it: <c>/pattern/flags</c>, or a bare pattern.</param>
/// <param name="Replace">The replacement: <c>{{match}}</c> or <c>$0</c> the match, <c>$1</c>… its groups, and macros.</param>
/// <param name="TrimStrings">Taken out of a match (or group) before it goes into the replacement.</param>
/// <param name="Placements">What it acts on: 1 a user's message, 2 the model's, 5 lore.</param>
/// <param name="MarkdownOnly">Only for what a screen shows: a server never runs it.</param>
/// <param name="PromptOnly">Only on what a prompt sends, never on what is stored.</param>
/// <param name="SubstitutesMacros">The pattern's macros are filled before it is read.</param>
/// <param name="MinDepth">In a prompt, not on messages nearer the end than this (0 is the last).</param>
/// <param name="MaxDepth">In a prompt, not on messages farther from the end than this.</param>
public sealed record RegexScript(
    string Name,
    string Find,
    string Replace,
    IReadOnlyList<string> TrimStrings,
    IReadOnlyList<int> Placements,
    bool MarkdownOnly,
    bool PromptOnly,
    bool SubstitutesMacros,
    int? MinDepth,
    int? MaxDepth);
