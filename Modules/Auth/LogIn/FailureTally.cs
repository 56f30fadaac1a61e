namespace KissChat.Auth.LogIn;

/// <summary>
/// Wrong passwords counted so that a limit holds over any stretch of <c>window</c>, without keeping every failure: the
/// <see cref="Count"/> failures from <see cref="Since"/> to <see cref="Last"/> (a run that lasts at most a window), and,
/// until a window after the last of them, the <see cref="Before"/> failures of the run before. A count that simply started
/// again a window after its first failure let a guesser give the limit less one just before that moment and as many just
/// after. Failures further apart than a window still never add up, so an owner's occasional slips never lock the owner out.
/// A <see cref="Count"/> of 0 is no failures at all, whatever the rest says (a right password or a lock sets only that).
/// </summary>
internal readonly record struct FailureTally(int Count, DateTime Since, DateTime Last, int Before, DateTime BeforeLast)
{
    /// <summary>
    /// The tally with one more failure, at <paramref name="now"/>, and whether that makes <paramref name="limit"/> within
    /// the window: then a lock begins and the tally starts again after it, as Identity's count of an account's does.
    /// </summary>
    public (FailureTally Tally, bool Locks) Fail(DateTime now, TimeSpan window, int limit)
    {
        var after = After(now, window);
        return after.Counting(now, window) >= limit ? (default, true) : (after, false);
    }

    /// <summary>The tally from a row's columns, which keep a time of none as null (PostgreSQL's timestamptz has no year 1).</summary>
    public static FailureTally FromStored(int count, DateTime? since, DateTime? last, int before, DateTime? beforeLast) =>
        new(count, since ?? default, last ?? default, before, beforeLast ?? default);

    /// <summary>The tally as a row's columns keep it (see <see cref="FromStored"/>).</summary>
    public (int Count, DateTime? Since, DateTime? Last, int Before, DateTime? BeforeLast) Stored() =>
        (Count, Stored(Since), Stored(Last), Before, Stored(BeforeLast));

    private FailureTally After(DateTime now, TimeSpan window)
    {
        if (Count > 0 && now < Since + window)
        {
            return this with { Count = Count + 1, Last = now };
        }

        // A new run. The one before still counts while its last failure is within a window; any earlier run came before
        // its start, more than a window ago.
        var before = Count > 0 && Last > now - window ? Count : 0;
        return new FailureTally(1, now, now, before, before > 0 ? Last : default);
    }

    private static DateTime? Stored(DateTime at) => at == default ? null : at;

    /// <summary>The failures that may have come within <paramref name="window"/> before <paramref name="now"/>: none is left out.</summary>
    private int Counting(DateTime now, TimeSpan window) => Count == 0 ? 0 : Count + (BeforeLast > now - window ? Before : 0);
}
