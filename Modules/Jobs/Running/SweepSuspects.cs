namespace KissChat.Jobs.Running;

/// <summary>
/// What the orphan sweep saw gone (another instance, or a job of this one's), and since when: believed only once seen so
/// for a while, and forgotten as soon as a sweep no longer sees it so. A scheduler catching up may sweep twice at once, so
/// the second look is measured in time, not in sweeps.
/// </summary>
internal sealed class SweepSuspects<TKey>
    where TKey : notnull
{
    private readonly Lock gate = new();
    private Dictionary<TKey, DateTimeOffset> seen = [];

    /// <summary>
    /// Those of <paramref name="seenGone"/> seen so for at least <paramref name="since"/> (all of them for zero); the others
    /// are remembered, and any seen before but not now forgotten.
    /// </summary>
    public HashSet<TKey> SeenSince(IEnumerable<TKey> seenGone, DateTimeOffset now, TimeSpan since)
    {
        lock (gate)
        {
            var stillSeen = new Dictionary<TKey, DateTimeOffset>();
            var gone = new HashSet<TKey>();
            foreach (var key in seenGone)
            {
                var first = seen.GetValueOrDefault(key, now);
                if (now - first >= since)
                {
                    gone.Add(key);
                }
                else
                {
                    stillSeen[key] = first;
                }
            }

            seen = stillSeen;
            return gone;
        }
    }
}
