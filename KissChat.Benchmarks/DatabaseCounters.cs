using System.Data.Common;
using System.Globalization;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Benchmarks;

/// <summary>Reads the server's database directly, outside any measured time.</summary>
internal static class DatabaseCounters
{
    private const string StoredTextSql = """
        SELECT (SELECT COALESCE(SUM(LENGTH(content)), 0) FROM chat_messages)
             + (SELECT COALESCE(SUM(LENGTH(content)), 0) FROM message_swipes)
             + (SELECT COALESCE(SUM(LENGTH(data)), 0) FROM job_events)
             + (SELECT COALESCE(SUM(LENGTH(payload) + COALESCE(LENGTH(result), 0)), 0) FROM jobs)
        """;

    public static async Task<WriteTotals> TakeAsync(IServiceProvider services, DatabaseProvider provider) =>
        await WithConnectionAsync(services, async connection =>
        {
            long? diskBytes;
            if (provider == DatabaseProvider.Postgres)
            {
                diskBytes = await LongAsync(connection, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')");
            }
            else
            {
                // Moving the WAL into the database file first makes every measurement include the copy, so the
                // figure does not depend on when SQLite happens to checkpoint on its own.
                await LongAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
                diskBytes = ProcessFileWrites();
            }

            return new WriteTotals(
                await LongAsync(connection, "SELECT COUNT(*) FROM chat_messages"),
                await LongAsync(connection, "SELECT COUNT(*) FROM message_swipes"),
                await LongAsync(connection, "SELECT COUNT(*) FROM jobs"),
                await LongAsync(connection, "SELECT COUNT(*) FROM job_events"),
                await LongAsync(connection, StoredTextSql),
                diskBytes);
        });

    public static Task<string> ScalarAsync(IServiceProvider services, string sql) =>
        WithConnectionAsync(services, async connection =>
            Convert.ToString(await CommandAsync(connection, sql), CultureInfo.InvariantCulture) ?? "");

    private static async Task<T> WithConnectionAsync<T>(IServiceProvider services, Func<DbConnection, Task<T>> use)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        await db.Database.OpenConnectionAsync();
        try
        {
            return await use(db.Database.GetDbConnection());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> LongAsync(DbConnection connection, string sql) =>
        Convert.ToInt64(await CommandAsync(connection, sql), CultureInfo.InvariantCulture);

    private static async Task<object?> CommandAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// Linux's count of bytes this process passed to write calls on files. Sockets are written with send(),
    /// which it leaves out, so with SQLite in-process this is the database's own writing.
    /// </summary>
    private static long? ProcessFileWrites()
    {
        const string path = "/proc/self/io";
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("wchar:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line["wchar:".Length..].Trim(), CultureInfo.InvariantCulture);
    }
}
