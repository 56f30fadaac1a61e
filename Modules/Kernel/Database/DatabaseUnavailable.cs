using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KissChat.Kernel.Database;

/// <summary>
/// Failures that say the database is overloaded or out of reach for now, not that the request or the code is wrong:
/// PostgreSQL out of connections or restarting, a pool with none free in time, SQLite still locked after its busy
/// timeout. A request that meets one is worth trying again in a moment.
/// </summary>
public static class DatabaseUnavailable
{
    public static bool Is(Exception exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is SqliteException { SqliteErrorCode: raw.SQLITE_BUSY or raw.SQLITE_LOCKED } or DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }
}
