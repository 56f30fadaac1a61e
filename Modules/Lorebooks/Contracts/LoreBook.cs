using System.Text.Json.Nodes;

namespace KissChat.Lorebooks.Contracts;

/// <summary>
/// A lorebook (world info): entries whose content joins the prompt when their keys come up in the chat. A user's
/// standalone lorebook and a character card's <c>character_book</c> both become this for the prompt.
/// </summary>
/// <param name="ScanDepth">How many of the newest messages are searched for keys; null for the server's default.</param>
/// <param name="TokenBudget">The most tokens this book's fired entries may add; null for the server's default.</param>
/// <param name="RecursiveScanning">Fired entries' content is searched for more keys too.</param>
/// <param name="Id">The user's lorebook it is (names may repeat); null for a character's own book.</param>
public sealed record LoreBook(string Name, string? Description, int? ScanDepth, int? TokenBudget, bool RecursiveScanning, IReadOnlyList<LoreEntry> Entries, Guid? Id = null);

/// <summary>One entry of a <see cref="LoreBook"/>, with SillyTavern's activation settings.</summary>
public sealed record LoreEntry
{
    public int Id { get; init; }

    /// <summary>Plain text, or <c>/regex/flags</c>; any one of them appearing fires the entry.</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>With <see cref="Selective"/>, checked by <see cref="SelectiveLogic"/> once a key matched.</summary>
    public IReadOnlyList<string> SecondaryKeys { get; init; } = [];

    public string Content { get; init; } = "";

    /// <summary>A label for people (SillyTavern's memo); never sent to the model.</summary>
    public string? Comment { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>Always fires, keys or not.</summary>
    public bool Constant { get; init; }

    public bool Selective { get; init; }

    /// <summary><c>and_any</c>, <c>not_any</c>, <c>and_all</c> or <c>not_all</c>.</summary>
    public string SelectiveLogic { get; init; } = SelectiveLogics.AndAny;

    /// <summary>Lower goes earlier in the prompt; when a book is over its budget, higher ones are kept first.</summary>
    public int InsertionOrder { get; init; } = 100;

    /// <summary><c>before_char</c>, <c>after_char</c>, <c>at_depth</c> or <c>outlet</c> (see <see cref="LorePositions.Outlet"/>).</summary>
    public string Position { get; init; } = LorePositions.BeforeCharacter;

    /// <summary>For <c>at_depth</c>: how many messages from the end it is inserted (0 is after the last one).</summary>
    public int Depth { get; init; } = 4;

    /// <summary>For <c>at_depth</c>: <c>system</c>, <c>user</c> or <c>assistant</c>.</summary>
    public string Role { get; init; } = LoreRoles.System;

    /// <summary>Null: keys match whatever the case.</summary>
    public bool? CaseSensitive { get; init; }

    /// <summary>Null: a key may match inside a longer word.</summary>
    public bool? MatchWholeWords { get; init; }

    /// <summary>Every key is a regular expression, slashes or not (Character Card V3's <c>use_regex</c>).</summary>
    public bool UseRegex { get; init; }

    /// <summary>Recursive scanning cannot fire this entry.</summary>
    public bool ExcludeRecursion { get; init; }

    /// <summary>This entry's content is not scanned for more keys.</summary>
    public bool PreventRecursion { get; init; }

    /// <summary>
    /// The chance, in percent, that the entry goes in when it fires (SillyTavern's <c>probability</c>); 100 always. The
    /// draw is the same for a turn's preview and its reply.
    /// </summary>
    public int Probability { get; init; } = 100;

    /// <summary>
    /// What SillyTavern keeps on the entry beyond the members above, under its world-info names: kept from an import so the
    /// entry exports as it came. The prompt acts on most of them (inclusion groups, triggers, delays, sticky, cooldown, its
    /// own scan depth, ignoring the budget, the character filter: <c>SillyTavernEntry</c>), not on automation ids. Null when none.
    /// </summary>
    public JsonObject? Extensions { get; init; }
}

public static class LorePositions
{
    public const string BeforeCharacter = "before_char";
    public const string AfterCharacter = "after_char";
    public const string AtDepth = "at_depth";

    /// <summary>
    /// SillyTavern's outlets: its content goes only where the prompt asks for it by name (<c>{{outlet::name}}</c>, the
    /// name in its <c>outletName</c>), not in a place of its own.
    /// </summary>
    public const string Outlet = "outlet";

    public static readonly IReadOnlyList<string> All = [BeforeCharacter, AfterCharacter, AtDepth, Outlet];
}

public static class SelectiveLogics
{
    public const string AndAny = "and_any";
    public const string NotAny = "not_any";
    public const string AndAll = "and_all";
    public const string NotAll = "not_all";

    /// <summary>In SillyTavern's numbering (its <c>selectiveLogic</c> 0 to 3).</summary>
    public static readonly IReadOnlyList<string> All = [AndAny, NotAll, NotAny, AndAll];
}

public static class LoreRoles
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";

    /// <summary>In SillyTavern's numbering (its <c>role</c> 0 to 2).</summary>
    public static readonly IReadOnlyList<string> All = [System, User, Assistant];
}
