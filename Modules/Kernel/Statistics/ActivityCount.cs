namespace KissChat.Kernel.Statistics;

/// <summary>How many of something there are, and how many of them are from the last day and the last week.</summary>
public sealed record ActivityCount(int Total, int LastDay, int LastWeek);

/// <summary>The two windows every count covers, from one "now".</summary>
public sealed record ActivityWindows(DateTime DayAgo, DateTime WeekAgo)
{
    public static ActivityWindows Before(DateTime now) => new(now.AddDays(-1), now.AddDays(-7));
}
