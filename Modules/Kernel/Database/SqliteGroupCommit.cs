using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KissChat.Kernel.Database;

/// <summary>
/// Puts a SQLite file's connections on its <see cref="WalSync"/>: each commits without syncing
/// (<c>synchronous=NORMAL</c>, set once per pooled connection), and a transaction committed outside the write turns
/// (an account's opening) waits for the sync before it is acknowledged. Writes that take turns wait after giving their
/// turn back instead (<see cref="WriteTransaction"/>, <see cref="KissChatDbContext.SaveChangesAsync(bool, CancellationToken)"/>,
/// <see cref="WriteGateInterceptor"/>).
/// </summary>
internal sealed class SqliteGroupCommit : DbTransactionInterceptor, IDbConnectionInterceptor
{
    private readonly ConditionalWeakTable<object, object> unsynced = [];

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => CommitWithoutSync(connection);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        CommitWithoutSync(connection);
        return Task.CompletedTask;
    }

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is KissChatDbContext { HoldsWriteTurn: false } db)
        {
            await db.WriteGate.DurableAsync();
        }
    }

    private void CommitWithoutSync(DbConnection connection)
    {
        // A pooled connection keeps its native handle, and the setting with it.
        if (connection is SqliteConnection { Handle: { } handle } sqlite && !unsynced.TryGetValue(handle, out _))
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL";
            command.ExecuteNonQuery();
            unsynced.AddOrUpdate(handle, handle);
        }
    }
}
