using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace KissChat.Kernel.Database;

/// <summary>
/// A transaction that writes: it holds this process's turn at the database (see <see cref="WriteGate"/>) from
/// BEGIN to its end, and rolls back unless committed. A save that fails in it fails the whole transaction (every caller
/// abandons it), so EF's savepoint around each save, two more statements per save, buys nothing.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly IDisposable turn;
    private readonly KissChatDbContext db;

    private WriteTransaction(IDisposable turn, KissChatDbContext db, IDbContextTransaction transaction)
    {
        this.turn = turn;
        this.db = db;
        Transaction = transaction;
    }

    public IDbContextTransaction Transaction { get; }

    public static async Task<WriteTransaction> BeginAsync(KissChatDbContext db, CancellationToken cancellationToken)
    {
        var turn = await db.WriteGate.EnterAsync(cancellationToken);
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Database.AutoSavepointsEnabled = false;
            return new WriteTransaction(turn, db, transaction);
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = true;
            turn.Dispose();
        }
    }
}
