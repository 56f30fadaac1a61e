using System.Data.Common;

namespace KissChat.Kernel.Database;

/// <summary>
/// Failures of the database rather than of the rows it gave or the code reading them: a provider's error, a timeout, or
/// a connection its pool or a restart closed (which Npgsql reports as an invalid operation on it). Asking again may
/// succeed, where a stored row the code cannot make sense of fails the same way every time. Wider than
/// <see cref="DatabaseUnavailable"/>, which says only that the database is busy or out of reach for now.
/// </summary>
/// <remarks>
/// A timeout is the database's only when the database stack throws it: Npgsql wraps those of a command, a connection
/// attempt and its pool in an <c>NpgsqlException</c> (a <see cref="DbException"/>), and throws the one of its type loading
/// itself; Microsoft.Data.Sqlite and EF Core throw none. Other code's <see cref="TimeoutException"/> is not: a regex's
/// match timeout or an HTTP call's would otherwise be asked again, or answered, as the database's.
/// </remarks>
public static class DatabaseFailure
{
    public static bool Is(Exception exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is DbException || cause.Source is "Npgsql" or "Microsoft.Data.Sqlite" or "Microsoft.EntityFrameworkCore.Relational")
            {
                return true;
            }
        }

        return false;
    }
}
