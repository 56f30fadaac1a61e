using Microsoft.EntityFrameworkCore;

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
    /// <paramref name="statement"/> once both are held, in one command (one round trip on PostgreSQL); the rows
    /// <paramref name="statement"/> changed.
    /// </summary>
    public static Task<int> LockThenAsync(this KissChatDbContext db, Guid first, Guid second, FormattableString statement, CancellationToken cancellationToken) =>
        // Npgsql counts only the rows that statements change, not those a SELECT returns, so the count is the statement's.
        db.Database.ExecuteSqlAsync(db.WriteGate.IsShared ? statement : SqlStatements.Join([Locking(first, second), statement]), cancellationToken);

    private static FormattableString Locking(Guid first, Guid second) =>
        $"SELECT pg_advisory_xact_lock({LockKey(first)}), pg_advisory_xact_lock({LockKey(second)})";

    private static long LockKey(Guid key) => BitConverter.ToInt64(key.ToByteArray(), 8);
}
