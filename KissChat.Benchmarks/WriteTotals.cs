namespace KissChat.Benchmarks;

/// <summary>
/// Running totals of what the database holds and what was written to disk; the difference of two is what
/// happened in between.
/// </summary>
/// <param name="StoredTextBytes">Characters of message, swipe, job and frame text stored: a whole-chat rewrite would show here.</param>
/// <param name="DiskBytes">
/// SQLite: bytes this process wrote to files (the database and its WAL, checkpoint included); PostgreSQL: WAL
/// bytes the server generated. Null where the platform does not tell.
/// </param>
internal sealed record WriteTotals(long Messages, long Swipes, long Jobs, long JobEvents, long StoredTextBytes, long? DiskBytes)
{
    public long Rows => Messages + Swipes + Jobs + JobEvents;

    public static WriteTotals operator -(WriteTotals after, WriteTotals before) => new(
        after.Messages - before.Messages,
        after.Swipes - before.Swipes,
        after.Jobs - before.Jobs,
        after.JobEvents - before.JobEvents,
        after.StoredTextBytes - before.StoredTextBytes,
        after.DiskBytes - before.DiskBytes);
}
