using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace KissChat.Kernel.Database;

/// <summary>
/// A transaction that writes: it holds this process's turn at the database (see <see cref="WriteGate"/>) from
/// BEGIN to its end, and rolls back unless committed.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly IDisposable turn;

    private WriteTransaction(IDisposable turn, IDbContextTransaction transaction)
    {
        this.turn = turn;
        Transaction = transaction;
    }

    public IDbContextTransaction Transaction { get; }

    public static async Task<WriteTransaction> BeginAsync(KissChatDbContext db, CancellationToken cancellationToken)
    {
        var turn = await db.WriteGate.EnterAsync(cancellationToken);
        try
        {
            return new WriteTransaction(turn, await db.Database.BeginTransactionAsync(cancellationToken));
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
            turn.Dispose();
        }
    }
}
