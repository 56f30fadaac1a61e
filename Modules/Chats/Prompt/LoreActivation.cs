using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using KissChat.Inference.Contracts;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Chats.Prompt;

/// <summary>A lore entry that fired this turn, why, and where it went.</summary>
/// <param name="Reason">What fired it: <c>constant</c>, the key that matched, the secondary keys that decided.</param>
/// <param name="Depth">For entries at a depth: how many messages from the end.</param>
/// <param name="Included">False when its book's token budget was spent by entries with a higher insertion order.</param>
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
    [property: JsonIgnore] string Content);

/// <param name="ScanDepth">Messages searched for keys, for books that do not set their own (<c>Chats:Lore:ScanDepth</c>).</param>
/// <param name="TokenBudget">Tokens a book's entries may add, for books that do not set their own (<c>Chats:Lore:TokenBudget</c>).</param>
/// <param name="RecursionSteps">How many rounds recursive books scan fired content for more keys (<c>Chats:Lore:RecursionSteps</c>).</param>
internal sealed record LoreOptions(int ScanDepth, int TokenBudget, int RecursionSteps);

/// <summary>
/// SillyTavern's world-info activation: an enabled entry fires when a key appears in the book's last <c>scan_depth</c>
/// messages (plain text, or <c>/regex/flags</c>; case-sensitive and whole-word as set), when it is constant, and for
/// selective entries only if its secondary keys agree (AND ANY, NOT ANY, AND ALL, NOT ALL), and then only as often as its
/// probability says. Recursive books then scan the fired content for more. Each book keeps its fired entries within its
/// token budget, highest insertion order first.
/// </summary>
internal static class LoreActivation
{
    /// <param name="messages">The history, oldest first, the message being answered last.</param>
    /// <param name="fill">Fills the macros of an entry's content.</param>
    /// <param name="seed">The turn's seed (<see cref="PromptInputs.Seed"/>): an entry's draw against its probability depends on it alone.</param>
    public static IReadOnlyList<FiredLore> Activate(
        IReadOnlyList<LoreBook> books, IReadOnlyList<string> messages, Func<string, string> fill, ITokenCounter counter, LoreOptions options, int seed)
    {
        var fired = new List<(int Book, LoreEntry Entry, string Reason)>();
        for (var b = 0; b < books.Count; b++)
        {
            var scanned = string.Join('\n', messages.TakeLast(books[b].ScanDepth ?? options.ScanDepth));
            foreach (var entry in books[b].Entries.Where(e => e.Enabled))
            {
                if ((entry.Constant ? "constant" : Match(entry, scanned)) is { } matched && Drawn(entry, b, matched, seed) is { } reason)
                {
                    fired.Add((b, entry, reason));
                }
            }
        }

        var newlyFired = fired.ToList();
        var firedEntries = fired.Select(f => f.Entry).ToHashSet(ReferenceEqualityComparer.Instance);
        for (var step = 0; step < options.RecursionSteps && newlyFired.Count > 0; step++)
        {
            var scanned = string.Join('\n', newlyFired.Where(f => !f.Entry.PreventRecursion).Select(f => f.Entry.Content));
            newlyFired = [];
            for (var b = 0; b < books.Count; b++)
            {
                var candidates = books[b].RecursiveScanning ? books[b].Entries : [];
                foreach (var entry in candidates.Where(e => e.Enabled && !e.Constant && !e.ExcludeRecursion && !firedEntries.Contains(e)))
                {
                    if (Match(entry, scanned) is { } matched && Drawn(entry, b, matched, seed) is { } reason)
                    {
                        newlyFired.Add((b, entry, $"{reason} in fired lore (recursion)"));
                    }
                }
            }

            fired.AddRange(newlyFired);
            firedEntries.UnionWith(newlyFired.Select(f => f.Entry));
        }

        return [.. fired.GroupBy(f => f.Book).OrderBy(g => g.Key).SelectMany(g => WithinBudget(books[g.Key], g, fill, counter, options))];
    }

    private static IEnumerable<FiredLore> WithinBudget(
        LoreBook book, IEnumerable<(int Book, LoreEntry Entry, string Reason)> fired, Func<string, string> fill, ITokenCounter counter, LoreOptions options)
    {
        var budget = book.TokenBudget ?? options.TokenBudget;
        var spent = 0;
        var decided = new List<FiredLore>();
        foreach (var (_, entry, reason) in fired.OrderByDescending(f => f.Entry.InsertionOrder))
        {
            var content = fill(entry.Content);
            var tokens = counter.Count(content);
            var included = spent + tokens <= budget;
            spent += included ? tokens : 0;
            decided.Add(new FiredLore(
                book.Name, entry.Id, entry.Comment, reason, entry.Position, entry.Position == LorePositions.AtDepth ? entry.Depth : null,
                tokens, included, entry.Role, entry.InsertionOrder, content));
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
    private static string? Match(LoreEntry entry, string text)
    {
        var key = entry.Keys.FirstOrDefault(k => Matches(entry, k, text));
        if (key is null)
        {
            return null;
        }

        if (!entry.Selective || entry.SecondaryKeys.Count == 0)
        {
            return $"key '{key}'";
        }

        var secondary = entry.SecondaryKeys.Where(k => Matches(entry, k, text)).ToList();
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

    private static bool Matches(LoreEntry entry, string key, string text) =>
        LoreKeys.Matches(key, entry.UseRegex, entry.CaseSensitive ?? false, entry.MatchWholeWords ?? false, text);
}
