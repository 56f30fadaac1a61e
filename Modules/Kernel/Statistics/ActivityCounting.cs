using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Kernel.Statistics;

public static class ActivityCounting
{
    /// <summary>Counts <paramref name="rows"/>: all of them, and those whose <paramref name="when"/> falls in each window.</summary>
    public static async Task<ActivityCount> CountActivityAsync<T>(
        this IQueryable<T> rows, Expression<Func<T, DateTime?>> when, ActivityWindows windows, CancellationToken cancellationToken)
    {
        var total = await rows.CountAsync(cancellationToken);
        var lastWeek = await rows.Where(Since(when, windows.WeekAgo)).CountAsync(cancellationToken);
        var lastDay = await rows.Where(Since(when, windows.DayAgo)).CountAsync(cancellationToken);
        return new ActivityCount(total, lastDay, lastWeek);
    }

    private static Expression<Func<T, bool>> Since<T>(Expression<Func<T, DateTime?>> when, DateTime since)
    {
        // Through a closure, so the moment is a query parameter rather than a constant baked into the SQL.
        Expression<Func<DateTime?>> moment = () => since;
        return Expression.Lambda<Func<T, bool>>(Expression.GreaterThanOrEqual(when.Body, moment.Body), when.Parameters);
    }
}
