using Microsoft.Data.Sqlite;
using Npgsql;

namespace KissChat.Kernel.Database;

/// <summary>Whether a write failed on one kind of constraint, as either database reports it, at any depth of the exception.</summary>
internal static class ConstraintErrors
{
    /// <param name="sqliteCodes">SQLite's extended result codes of the kind (under SQLITE_CONSTRAINT).</param>
    /// <param name="sqlState">PostgreSQL's code of the kind.</param>
    public static bool In(Exception exception, int[] sqliteCodes, string sqlState)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SqliteException { SqliteErrorCode: 19 } sqlite && sqliteCodes.Contains(sqlite.SqliteExtendedErrorCode)
                || inner is PostgresException postgres && postgres.SqlState == sqlState)
            {
                return true;
            }
        }

        return false;
    }
}
