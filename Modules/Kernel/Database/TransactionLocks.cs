using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace KissChat.Kernel.Database;

public static class TransactionLocks
{
    /// <summary>
    /// Within a write transaction, waits until no other transaction, on any instance, holds a lock on
    /// <paramref name="key"/>, and holds it until this one ends (a PostgreSQL advisory transaction lock). On SQLite the
    /// writers of the one instance already take turns, so there is nothing to wait for.
    /// </summary>
    public static async Task LockAsync(this KissChatDbContext db, Guid key, CancellationToken cancellationToken)
    {
        if (!db.WriteGate.IsShared)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey(key)})", cancellationToken);
        }
    }

    /// <summary>
    /// <see cref="LockAsync(KissChatDbContext, Guid, CancellationToken)"/> on two keys, in this order, then
    /// <paramref name="statement"/> once both are held, then <paramref name="query"/>, in one command (one round trip on
    /// PostgreSQL): the query, a statement of its own, sees every transaction that held the locks before this one.
    /// Returns the rows <paramref name="statement"/> changed, and <paramref name="query"/>'s rows as <paramref name="row"/> reads them.
    /// </summary>
    public static async Task<(int Changed, List<T> Rows)> LockThenReadAsync<T>(
        this KissChatDbContext db, Guid first, Guid second, FormattableString statement, FormattableString query, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        var sql = SqlStatements.Join(db.WriteGate.IsShared ? [statement, query] : [Locking(first, second), statement, query]);
        // What ExecuteSql and SqlQuery build on: the provider's own parameters (SQLite's text GUIDs) and EF's interceptors.
        var command = db.GetService<IRawSqlCommandBuilder>().Build(sql.Format, sql.GetArguments(), db.Model);
        var rows = new List<T>();
        await using var reader = await command.RelationalCommand.ExecuteReaderAsync(
            new RelationalCommandParameterObject(db.GetService<IRelationalConnection>(), command.ParameterValues, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>()),
            cancellationToken);
        var results = reader.DbDataReader;
        // PostgreSQL answers the locks with a row of their own first; a statement that changes rows answers none.
        if (!db.WriteGate.IsShared)
        {
            await results.NextResultAsync(cancellationToken);
        }

        while (results.FieldCount == 0 && await results.NextResultAsync(cancellationToken))
        {
        }

        while (await results.ReadAsync(cancellationToken))
        {
            rows.Add(row(results));
        }

        await results.CloseAsync();
        return (results.RecordsAffected, rows);
    }

    private static FormattableString Locking(Guid first, Guid second) =>
        $"SELECT pg_advisory_xact_lock({LockKey(first)}), pg_advisory_xact_lock({LockKey(second)})";

    private static long LockKey(Guid key) => BitConverter.ToInt64(key.ToByteArray(), 8);
}
