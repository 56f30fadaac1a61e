using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KissChat.Kernel.Database;

/// <summary>
/// Puts a SQLite file's connections on its <see cref="WalSync"/>: each commits without syncing
/// (<see cref="WalSync.Enlist"/>), and a transaction committed outside the write turns
/// (an account's opening) waits for the sync before it is acknowledged. Writes that take turns wait after giving their
/// turn back instead (<see cref="WriteTransaction"/>, <see cref="KissChatDbContext.SaveChangesAsync(bool, CancellationToken)"/>,
/// <see cref="WriteGateInterceptor"/>).
/// </summary>
internal sealed class SqliteGroupCommit(WriteGate gate) : DbTransactionInterceptor, IDbConnectionInterceptor
{
    private readonly WalSync wal = gate.Wal ?? throw new InvalidOperationException("Only a SQLite file's connections commit in groups.");

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => wal.Enlist(connection);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        wal.Enlist(connection);
        return Task.CompletedTask;
    }

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is KissChatDbContext { HoldsWriteTurn: false })
        {
            await wal.WhenDurableAsync();
        }
    }
}
