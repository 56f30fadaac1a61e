using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KissChat.Kernel.Database;

/// <summary>
/// Puts a SQLite file's connections on its <see cref="WalSync"/>: each commits without syncing
/// (<see cref="SqliteConnectionSetup"/>), and a transaction committed outside the write turns
/// (an account's opening) waits for the sync before it is acknowledged. Writes that take turns wait after giving their
/// turn back instead (<see cref="WriteTransaction"/>, <see cref="KissChatDbContext.SaveChangesAsync(bool, CancellationToken)"/>,
/// <see cref="WriteGateInterceptor"/>).
/// </summary>
internal sealed class SqliteGroupCommit(WriteGate gate) : DbTransactionInterceptor
{
    private readonly WalSync wal = gate.Wal ?? throw new InvalidOperationException("Only a SQLite file's connections commit in groups.");

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is KissChatDbContext { HoldsWriteTurn: false })
        {
            await wal.WhenDurableAsync();
        }
    }
}
