namespace KissChat.Chats.Data;

/// <summary>A timed effect of a world-info entry in a chat: it holds while the chat is longer than <see cref="Start"/> and shorter than <see cref="End"/> messages.</summary>
/// <param name="Protected">A cooldown that began as its entry's sticky ended: a regeneration at the length it began at keeps it.</param>
internal sealed record LoreTimer(int Start, int End, bool Protected = false);

/// <summary>
/// The chat's running world-info stickies and cooldowns (SillyTavern's <c>chat_metadata.timedWorldInfo</c>, in its
/// shape), each under its entry's key, <c>book.entry</c> (a user's book by its id, a character's own by its name); written
/// only when a reply changes them.
/// </summary>
internal sealed record LoreTimers(IReadOnlyDictionary<string, LoreTimer> Sticky, IReadOnlyDictionary<string, LoreTimer> Cooldown)
{
    public static readonly LoreTimers None = new(new Dictionary<string, LoreTimer>(), new Dictionary<string, LoreTimer>());

    public bool IsEmpty => Sticky.Count == 0 && Cooldown.Count == 0;

    public bool SameAs(LoreTimers other) => Same(Sticky, other.Sticky) && Same(Cooldown, other.Cooldown);

    private static bool Same(IReadOnlyDictionary<string, LoreTimer> left, IReadOnlyDictionary<string, LoreTimer> right) =>
        left.Count == right.Count && left.All(pair => right.TryGetValue(pair.Key, out var timer) && timer == pair.Value);
}
