using System.IO.Hashing;
using System.Runtime.InteropServices;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Chats.Prompt;

/// <summary>An entry whose keys matched at one step of the activation, before its group and its chance are decided.</summary>
internal sealed record LoreCandidate(int Book, LoreEntry Entry, string Reason);

/// <summary>
/// SillyTavern's inclusion groups: of the entries that match at one step and share a group (an entry may name several),
/// one goes in: with <c>useGroupScoring</c>, only those whose keys match most are drawn from; an entry with
/// <c>groupOverride</c> wins (the highest insertion order first); else one is drawn by <c>groupWeight</c>. A group that
/// already put an entry in at an earlier step takes no more. A group with sticky entries takes them, and only them. The
/// draw depends on the turn and the group only, so a preview and its reply agree.
/// </summary>
internal static class InclusionGroups
{
    /// <param name="activated">The groups that have put an entry in; this step's winners' groups are added.</param>
    /// <param name="score">How many of an entry's keys match what it was scanned against.</param>
    public static List<LoreCandidate> Choose(List<LoreCandidate> candidates, HashSet<string> activated, Func<LoreCandidate, int> score, int seed, TimedLore timed)
    {
        LoreCandidate?[] kept = [.. candidates];
        var groups = candidates
            .SelectMany((candidate, index) => SillyTavernEntry.Of(candidate.Entry).Groups.Select(group => (Group: group, Index: index)))
            .GroupBy(member => member.Group, member => member.Index, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var members = group.Where(i => kept[i] is not null).ToList();
            if (members.Any(i => timed.IsSticky(candidates[i].Entry)))
            {
                members.Where(i => !timed.IsSticky(candidates[i].Entry)).ToList().ForEach(i => kept[i] = null);
                continue;
            }

            if (activated.Contains(group.Key) || members.Count == 0)
            {
                members.ForEach(i => kept[i] = null);
                continue;
            }

            if (members.Count == 1)
            {
                continue;
            }

            if (members.Any(i => SillyTavernEntry.Of(candidates[i].Entry).GroupScoring))
            {
                var scores = members.ToDictionary(i => i, i => score(candidates[i]));
                var best = scores.Values.Max();
                members.Where(i => SillyTavernEntry.Of(candidates[i].Entry).GroupScoring && scores[i] < best).ToList().ForEach(i => kept[i] = null);
                members = [.. members.Where(i => kept[i] is not null)];
            }

            if (Winner(group.Key, members, candidates, seed) is not { } won)
            {
                continue;
            }

            var (winner, how) = won;
            members.Where(i => i != winner).ToList().ForEach(i => kept[i] = null);
            kept[winner] = kept[winner]! with { Reason = $"{kept[winner]!.Reason}, {how} in inclusion group '{group.Key}'" };
        }

        var chosen = kept.OfType<LoreCandidate>().ToList();
        activated.UnionWith(chosen.SelectMany(c => SillyTavernEntry.Of(c.Entry).Groups));
        return chosen;
    }

    /// <summary>The member that goes in and how it won; null when every weight is 0 (then all go in, as in SillyTavern).</summary>
    private static (int Index, string How)? Winner(string group, List<int> members, List<LoreCandidate> candidates, int seed)
    {
        if (members.Count == 1)
        {
            return (members[0], "best match");
        }

        var overriding = members.Where(i => SillyTavernEntry.Of(candidates[i].Entry).GroupOverride).ToList();
        if (overriding.Count > 0)
        {
            return (overriding.MaxBy(i => candidates[i].Entry.InsertionOrder), "first by override");
        }

        var weights = members.Select(i => Math.Max(0, SillyTavernEntry.Of(candidates[i].Entry).GroupWeight)).ToList();
        var total = weights.Sum(w => (long)w);
        if (total == 0)
        {
            return null;
        }

        var draw = (long)(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(group.AsSpan()), seed) % (ulong)total);
        for (var (m, reached) = (0, 0L); m < members.Count; m++)
        {
            reached += weights[m];
            if (draw < reached)
            {
                return (members[m], $"drawn {draw} under {reached} of {total}");
            }
        }

        return null;
    }
}
