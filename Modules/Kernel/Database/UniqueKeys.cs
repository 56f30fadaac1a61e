using Microsoft.Data.Sqlite;
using Npgsql;

namespace KissChat.Kernel.Database;

public static class UniqueKeys
{
    /// <summary>
    /// Whether a write failed because a unique index already holds its value: another request wrote it between the
    /// check before the write and the write itself. Any other failure is not the client's to hear about as a conflict.
    /// </summary>
    public static bool WereViolatedIn(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }

        return false;
    }
}
