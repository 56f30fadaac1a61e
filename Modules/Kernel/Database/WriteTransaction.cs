using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace KissChat.Kernel.Database;

/// <summary>
/// A transaction that writes: it holds this process's turn at the database (see <see cref="WriteGate"/>) from
/// BEGIN to its end, and rolls back unless committed. A save that fails in it fails the whole transaction (every caller
/// abandons it), so EF's savepoint around each save, two more statements per save, buys nothing. Statements that need
/// no answer before the commit may wait for it (<see cref="KissChatDbContext.WriteAtCommit"/>) and go together.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly IDisposable turn;
    private readonly KissChatDbContext db;
    private List<FormattableString>? atCommit;

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
            return db.OpenWrite = new WriteTransaction(turn, db, transaction);
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs the statements that waited for the commit, in the order they came, as one command (one round trip on
    /// PostgreSQL); commits; gives the turn back (the next writer may begin while this commit reaches the disk), then
    /// waits until it has.
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (atCommit is not null)
        {
            await db.Database.ExecuteSqlAsync(SqlStatements.Join(atCommit), cancellationToken);
            atCommit = null;
        }

        await Transaction.CommitAsync(cancellationToken);
        LeaveTurn();
        await db.WriteGate.DurableAsync();
    }

    /// <summary>See <see cref="KissChatDbContext.WriteAtCommit"/>.</summary>
    internal void AtCommit(FormattableString statement) => (atCommit ??= []).Add(statement);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
        }
        finally
        {
            LeaveTurn();
        }
    }

    /// <summary>Once committed, and again when disposed: by then the context may be in a later write transaction, which keeps its turn and settings.</summary>
    private void LeaveTurn()
    {
        if (db.OpenWrite == this)
        {
            db.OpenWrite = null;
            db.Database.AutoSavepointsEnabled = true;
        }

        turn.Dispose();
    }
}
