using KissChat.Chats.Data;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Chats.Prompt;

/// <summary>
/// SillyTavern's sticky and cooldown at one turn, counted in the chat's messages. An entry that goes in starts its
/// timers at the turn's length: while sticky it fires whatever its keys (winning its inclusion groups, with no draw
/// against its chance); while cooling down it does not fire. As a sticky ends, its cooldown begins. Timers begun at the
/// length a turn is at belong to the turn that began them, so a regeneration (or a preview) at that length reads the chat
/// as it was before it. A timer of an entry the chat's books do not have now runs out unread (a group member's own book
/// is read only on its turns).
/// </summary>
internal sealed class TimedLore
{
    /// <summary>Timers kept per kind, the newest: a chat that changes books often does not gather them without end.</summary>
    private const int MaxTimers = 1000;

    private static readonly TimedLore None = new(LoreTimers.None, 0, []);

    private readonly LoreTimers stored;
    private readonly int length;
    private readonly Dictionary<string, LoreEntry> entries;
    private readonly Dictionary<string, LoreTimer> sticky = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LoreTimer> cooldown = new(StringComparer.Ordinal);
    private readonly HashSet<LoreEntry> stickyNow = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<LoreEntry> coolingNow = new(ReferenceEqualityComparer.Instance);

    private TimedLore(LoreTimers stored, int length, Dictionary<string, LoreEntry> entries)
    {
        (this.stored, this.length, this.entries) = (stored, length, entries);
        var cooling = new Dictionary<string, LoreTimer>(stored.Cooldown, StringComparer.Ordinal);
        Check(stored.Sticky, sticky, stickyNow, rules => rules.Sticky, (key, rules) =>
        {
            if (rules.Cooldown > 0)
            {
                cooling[key] = new LoreTimer(length, length + rules.Cooldown, Protected: true);
            }
        });
        Check(cooling, cooldown, coolingNow, rules => rules.Cooldown, ended: null);
    }

    /// <param name="stored">The chat's timers; null when it has none.</param>
    /// <param name="length">The chat's messages the turn's prompt is made from (<see cref="LoreTurn.ChatLength"/>).</param>
    public static TimedLore At(LoreTimers? stored, IReadOnlyList<LoreBook> books, int length)
    {
        stored ??= LoreTimers.None;
        if (stored.IsEmpty && !books.Any(b => b.Entries.Any(e => SillyTavernEntry.Of(e).IsTimed)))
        {
            return None;
        }

        var entries = new Dictionary<string, LoreEntry>(StringComparer.Ordinal);
        foreach (var book in books)
        {
            foreach (var entry in book.Entries)
            {
                entries.TryAdd(Key(book.Id, book.Name, entry.Id), entry);
            }
        }

        return new TimedLore(stored, length, entries);
    }

    public bool IsSticky(LoreEntry entry) => stickyNow.Contains(entry);

    /// <summary>Cooling down and not sticky: a sticky outlasts the cooldown it began with.</summary>
    public bool HoldsBack(LoreEntry entry) => coolingNow.Contains(entry) && !stickyNow.Contains(entry);

    /// <summary>The chat's timers after this turn, with those of the lore that went in started; null when they are as stored.</summary>
    public LoreTimers? After(IEnumerable<FiredLore> included)
    {
        if (entries.Count == 0 && stored.IsEmpty)
        {
            return null;
        }

        var nextSticky = new Dictionary<string, LoreTimer>(sticky, StringComparer.Ordinal);
        var nextCooldown = new Dictionary<string, LoreTimer>(cooldown, StringComparer.Ordinal);
        foreach (var lore in included)
        {
            var key = Key(lore.BookId, lore.Book, lore.EntryId);
            if (!entries.TryGetValue(key, out var entry) || SillyTavernEntry.Of(entry) is not { IsTimed: true } rules)
            {
                continue;
            }

            if (rules.Sticky > 0)
            {
                nextSticky.TryAdd(key, new LoreTimer(length, length + rules.Sticky));
            }

            if (rules.Cooldown > 0)
            {
                nextCooldown.TryAdd(key, new LoreTimer(length, length + rules.Cooldown));
            }
        }

        var next = new LoreTimers(Newest(nextSticky), Newest(nextCooldown));
        return next.SameAs(stored) ? null : next;
    }

    /// <param name="duration">The entry's setting for this kind of timer: 0 when it no longer has one.</param>
    /// <param name="ended">Told of a timer that ran out with its entry still there.</param>
    private void Check(
        IReadOnlyDictionary<string, LoreTimer> timers, Dictionary<string, LoreTimer> kept, HashSet<LoreEntry> holding, Func<SillyTavernEntry, int> duration,
        Action<string, SillyTavernEntry>? ended)
    {
        foreach (var (key, timer) in timers)
        {
            if (length <= timer.Start && !timer.Protected)
            {
                continue;
            }

            if (!entries.TryGetValue(key, out var entry))
            {
                if (length < timer.End)
                {
                    kept[key] = timer;
                }

                continue;
            }

            var rules = SillyTavernEntry.Of(entry);
            if (duration(rules) == 0)
            {
                continue;
            }

            if (length >= timer.End)
            {
                ended?.Invoke(key, rules);
                continue;
            }

            kept[key] = timer;
            holding.Add(entry);
        }
    }

    private static IReadOnlyDictionary<string, LoreTimer> Newest(Dictionary<string, LoreTimer> timers) =>
        timers.Count <= MaxTimers ? timers : timers.OrderByDescending(t => t.Value.Start).Take(MaxTimers).ToDictionary(StringComparer.Ordinal);

    /// <summary>
    /// An entry's timers' key, as SillyTavern's (its world and its uid), but a user's book is named by its id: two books
    /// may have one name. A character's own book by its name: a turn reads one.
    /// </summary>
    private static string Key(Guid? bookId, string bookName, int entry) => $"{bookId?.ToString() ?? bookName}.{entry}";
}
