using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using KissChat.Characters.Contracts;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Text;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Chats.Prompt;

/// <summary>A lore entry that fired this turn, why, and where it went.</summary>
/// <param name="Reason">What fired it: <c>constant</c>, the key that matched, the secondary keys that decided.</param>
/// <param name="Depth">For entries at a depth: how many messages from the end.</param>
/// <param name="Included">False when its book's token budget was spent by entries with a higher insertion order.</param>
/// <param name="Outlet">For an <c>outlet</c> entry, the name <c>{{outlet::name}}</c> asks for it by.</param>
/// <param name="BookId">The user's lorebook it is from; null for the character's own book.</param>
internal sealed record FiredLore(
    string Book,
    int EntryId,
    string? Comment,
    string Reason,
    string Position,
    int? Depth,
    int Tokens,
    bool Included,
    [property: JsonIgnore] string Role,
    [property: JsonIgnore] int InsertionOrder,
    [property: JsonIgnore] string Content,
    string? Outlet = null,
    [property: JsonIgnore] Guid? BookId = null,
    [property: JsonIgnore] NoteSide? AroundNote = null);

/// <param name="ScanDepth">Messages searched for keys, for books that do not set their own (<c>Chats:Lore:ScanDepth</c>).</param>
/// <param name="TokenBudget">Tokens a book's entries may add, for books that do not set their own (<c>Chats:Lore:TokenBudget</c>).</param>
/// <param name="RecursionSteps">How many rounds recursive books scan fired content for more keys (<c>Chats:Lore:RecursionSteps</c>).</param>
internal sealed record LoreOptions(int ScanDepth, int TokenBudget, int RecursionSteps);

/// <summary>The turn the lore is for: what kind of generation it is, and how long the chat is.</summary>
/// <param name="Trigger">SillyTavern's generation type: <c>normal</c>, <c>continue</c>, <c>impersonate</c> or <c>swipe</c> (a regeneration).</param>
/// <param name="ChatLength">The chat's messages the prompt is made from (a message about to be sent counted).</param>
/// <param name="Sources">What an entry may ask to be scanned besides the chat.</param>
/// <param name="Character">Who the prompt is for, for entries kept to some characters.</param>
internal sealed record LoreTurn(string Trigger, int ChatLength, LoreSources Sources, LoreCharacter Character)
{
    public const string Normal = "normal";
    public const string Continue = "continue";
    public const string Impersonate = "impersonate";
    public const string Swipe = "swipe";

    /// <summary>SillyTavern's regenerate replaces the last reply, its swipe adds one: a regeneration here does what its swipe does, and answers to both.</summary>
    public bool Is(string trigger) => trigger == Trigger || (Trigger == Swipe && trigger == "regenerate");
}

/// <summary>The texts an entry may ask its keys to be looked for in besides the chat (<see cref="SillyTavernEntry.ScannedIn"/>).</summary>
/// <param name="Persona">The persona's description.</param>
/// <param name="Card">The character's definition.</param>
internal sealed record LoreSources(string? Persona, CharacterCard? Card);

/// <summary>
/// SillyTavern's world-info activation: an enabled entry fires when a key appears in the book's last <c>scan_depth</c>
/// messages (or its own <c>scanDepth</c>; plain text, or <c>/regex/flags</c>; case-sensitive and whole-word as set), when
/// it is constant, and for selective entries only if its secondary keys agree (AND ANY, NOT ANY, AND ALL, NOT ALL); only
/// for the kinds of generation its <c>triggers</c> name and the characters its <c>characterFilter</c> lets, once the chat
/// has its <c>delay</c>'s messages, and while it is sticky or not cooling down (<see cref="TimedLore"/>). Of the entries
/// of one inclusion group one goes in (<see cref="InclusionGroups"/>), then each only as often as its probability says.
/// Recursive books then scan the fired content for more (an entry delayed until recursion scans the chat with it). Each
/// book keeps its fired entries within its token budget, sticky ones first, then the highest insertion order, those that
/// ignore it aside.
/// </summary>
internal static class LoreActivation
{
    /// <summary>What a prompt's keys that are patterns may take together: past it they match nothing (each has its own timeout too).</summary>
    public static readonly TimeSpan KeyBudget = TimeSpan.FromMilliseconds(500);

    /// <param name="messages">The history, oldest first, the message being answered last.</param>
    /// <param name="fill">Fills the macros of an entry's content, as the texts of the book it is in are filled.</param>
    /// <param name="seed">The turn's seed (<see cref="PromptInputs.Seed"/>): an entry's draw against its probability depends on it alone.</param>
    /// <param name="timed">The chat's stickies and cooldowns at this turn.</param>
    public static IReadOnlyList<FiredLore> Activate(
        IReadOnlyList<LoreBook> books, IReadOnlyList<string> messages, Func<LoreBook, string, string> fill, ITokenCounter counter, LoreOptions options, int seed, LoreTurn turn,
        TimedLore timed)
    {
        var time = new TimeBudget(KeyBudget);
        var chatText = new Dictionary<int, string>();
        string Scanned(int depth) => chatText.TryGetValue(depth, out var text) ? text : chatText[depth] = string.Join('\n', messages.TakeLast(depth));
        string ScannedFor(int book, LoreEntry entry)
        {
            var rules = SillyTavernEntry.Of(entry);
            var chat = Scanned(rules.ScanDepth ?? books[book].ScanDepth ?? options.ScanDepth);
            return rules.AlsoScanned == LoreSource.None ? chat : string.Join('\n', [chat, .. rules.ScannedIn(turn.Sources)]);
        }
        var activatedGroups = new HashSet<string>(StringComparer.Ordinal);

        List<LoreCandidate> matched = [];
        for (var b = 0; b < books.Count; b++)
        {
            foreach (var entry in books[b].Entries.Where(e => e.Enabled && Applies(e, turn) && !timed.HoldsBack(e) && (SillyTavernEntry.Of(e).DelayUntilRecursion == 0 || timed.IsSticky(e))))
            {
                if ((entry.Constant ? "constant" : timed.IsSticky(entry) ? "sticky" : Match(entry, ScannedFor(b, entry), time)) is { } reason)
                {
                    matched.Add(new LoreCandidate(b, entry, reason));
                }
            }
        }

        var fired = Decide(matched, c => Score(c.Entry, ScannedFor(c.Book, c.Entry), time));
        var newlyFired = fired.ToList();
        var firedEntries = fired.Select(f => f.Entry).ToHashSet(ReferenceEqualityComparer.Instance);
        var delayed = books.Any(b => b.RecursiveScanning && b.Entries.Any(e => SillyTavernEntry.Of(e).DelayUntilRecursion > 0));
        for (var step = 1; step <= options.RecursionSteps && (newlyFired.Count > 0 || delayed); step++)
        {
            var scanned = string.Join('\n', newlyFired.Where(f => !f.Entry.PreventRecursion).Select(f => f.Entry.Content));
            var firedSoFar = delayed ? string.Join('\n', fired.Where(f => !f.Entry.PreventRecursion).Select(f => f.Entry.Content)) : "";
            // An entry delayed until recursion is not fired by the chat alone before then, but read with it once it may be.
            string ScannedAt(int book, LoreEntry entry) => SillyTavernEntry.Of(entry).DelayUntilRecursion > 0 ? $"{ScannedFor(book, entry)}\n{firedSoFar}" : scanned;
            matched = [];
            for (var b = 0; b < books.Count; b++)
            {
                var candidates = books[b].RecursiveScanning ? books[b].Entries : [];
                foreach (var entry in candidates.Where(e => e.Enabled && !e.Constant && !e.ExcludeRecursion && !firedEntries.Contains(e) && Applies(e, turn)
                             && !timed.HoldsBack(e) && SillyTavernEntry.Of(e).DelayUntilRecursion <= step))
                {
                    if (Match(entry, ScannedAt(b, entry), time) is { } reason)
                    {
                        matched.Add(new LoreCandidate(b, entry, $"{reason} in fired lore (recursion)"));
                    }
                }
            }

            newlyFired = Decide(matched, c => Score(c.Entry, ScannedAt(c.Book, c.Entry), time));
            fired.AddRange(newlyFired);
            firedEntries.UnionWith(newlyFired.Select(f => f.Entry));
        }

        return [.. fired.GroupBy(f => f.Book).OrderBy(g => g.Key).SelectMany(g => WithinBudget(books[g.Key], g, fill, counter, options, timed))];

        // Inclusion groups first, then each winner's chance (a sticky entry's was drawn when it began), as SillyTavern decides them.
        List<LoreCandidate> Decide(List<LoreCandidate> candidates, Func<LoreCandidate, int> score) =>
            [.. InclusionGroups.Choose(candidates, activatedGroups, score, seed, timed)
                .Select(c => timed.IsSticky(c.Entry) ? c : Drawn(c.Entry, c.Book, c.Reason, seed) is { } reason ? c with { Reason = reason } : null)
                .OfType<LoreCandidate>()];
    }

    /// <summary>
    /// Its triggers name this kind of generation (or none), the chat is as long as its delay asks, and its character filter
    /// lets the character the prompt is for.
    /// </summary>
    private static bool Applies(LoreEntry entry, LoreTurn turn) =>
        SillyTavernEntry.Of(entry) is var rules && turn.ChatLength >= rules.Delay && (rules.Triggers.Count == 0 || rules.Triggers.Any(turn.Is))
        && (rules.Characters is null || rules.Characters.Lets(turn.Character));

    /// <summary>How many of its keys, and of its secondary keys, appear in the text: its inclusion group's score.</summary>
    private static int Score(LoreEntry entry, string text, TimeBudget time) =>
        entry.Keys.Count(k => Matches(entry, k, text, time)) + (entry.Selective ? entry.SecondaryKeys.Count(k => Matches(entry, k, text, time)) : 0);

    private static IEnumerable<FiredLore> WithinBudget(
        LoreBook book, IEnumerable<LoreCandidate> fired, Func<LoreBook, string, string> fill, ITokenCounter counter, LoreOptions options, TimedLore timed)
    {
        var budget = book.TokenBudget ?? options.TokenBudget;
        var spent = 0;
        var decided = new List<FiredLore>();
        foreach (var (_, entry, reason) in fired.OrderByDescending(f => timed.IsSticky(f.Entry)).ThenByDescending(f => f.Entry.InsertionOrder))
        {
            var content = fill(book, entry.Content);
            var tokens = counter.Count(content);
            var rules = SillyTavernEntry.Of(entry);
            var ignoresBudget = rules.IgnoresBudget;
            var included = ignoresBudget || spent + tokens <= budget;
            spent += included && !ignoresBudget ? tokens : 0;
            decided.Add(new FiredLore(
                book.Name, entry.Id, entry.Comment, ignoresBudget ? $"{reason}, outside the budget" : reason, entry.Position,
                entry.Position == LorePositions.AtDepth ? entry.Depth : null, tokens, included, entry.Role, entry.InsertionOrder, content,
                entry.Position == LorePositions.Outlet ? rules.OutletName : null, book.Id, rules.AroundNote));
        }

        return decided.OrderBy(f => f.InsertionOrder);
    }

    /// <summary>
    /// The reason an entry that fired goes in, with its draw when it has a probability; null when the draw is against it.
    /// The draw depends on the turn, the book and the entry only, so a preview and its reply agree, on any instance.
    /// </summary>
    private static string? Drawn(LoreEntry entry, int book, string reason, int seed)
    {
        if (entry.Probability >= 100)
        {
            return reason;
        }

        // A hash, not a seeded Random: that one's first number is a linear function of its seed, so the draws of entries
        // with neighbouring ids would be a fixed step apart instead of independent.
        Span<int> key = [seed, book, entry.Id];
        var draw = (int)(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key)) % 100);
        return draw < entry.Probability ? $"{reason}, drawn {draw} under {entry.Probability}%" : null;
    }

    /// <summary>Why the entry fires on <paramref name="text"/>, or null when it does not.</summary>
    private static string? Match(LoreEntry entry, string text, TimeBudget time)
    {
        var key = entry.Keys.FirstOrDefault(k => Matches(entry, k, text, time));
        if (key is null)
        {
            return null;
        }

        if (!entry.Selective || entry.SecondaryKeys.Count == 0)
        {
            return $"key '{key}'";
        }

        var secondary = entry.SecondaryKeys.Where(k => Matches(entry, k, text, time)).ToList();
        var agreed = entry.SelectiveLogic switch
        {
            SelectiveLogics.NotAny => secondary.Count == 0,
            SelectiveLogics.AndAll => secondary.Count == entry.SecondaryKeys.Count,
            SelectiveLogics.NotAll => secondary.Count < entry.SecondaryKeys.Count,
            _ => secondary.Count > 0,
        };
        var which = secondary.Count == 0 ? "none present" : $"'{string.Join("', '", secondary)}' present";
        return agreed ? $"key '{key}' and secondary keys {entry.SelectiveLogic} ({which})" : null;
    }

    /// <summary>An entry that leaves case and whole words to the book's app follows SillyTavern's defaults: any case, whole words.</summary>
    private static bool Matches(LoreEntry entry, string key, string text, TimeBudget time) =>
        LoreKeys.Matches(key, entry.UseRegex, entry.CaseSensitive ?? false, entry.MatchWholeWords ?? true, text, time);
}
