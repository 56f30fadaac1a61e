namespace KissChat.Characters.Data;

internal static class StoredTime
{
    /// <summary>
    /// Now, at PostgreSQL's microsecond precision: a response built from it equals what a later GET reads back,
    /// and a page cursor made from it matches the stored value exactly.
    /// </summary>
    public static DateTime Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
