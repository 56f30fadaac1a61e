using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KissChat.Kernel.Database;

/// <summary>
/// A statement that writes outside any transaction (EF's ExecuteUpdate/ExecuteDelete, a lone INSERT) takes the
/// process's write turn for as long as it runs, like a <see cref="WriteTransaction"/> does.
/// </summary>
internal sealed class WriteGateInterceptor(WriteGate gate) : DbCommandInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbCommand, IDisposable> turns = [];

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(command, eventData, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(command, eventData, cancellationToken);
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Leave(command))
        {
            await gate.DurableAsync();
        }

        return result;
    }

    // An autocommit statement that returns rows (INSERT … RETURNING) commits when its reader is done. Disposing cannot
    // wait, so such a statement would be acknowledged before the WAL sync (KissChat runs none outside SaveChanges).
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Leave(command);
        return result;
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(command);
        return Task.CompletedTask;
    }

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(command);
        return Task.CompletedTask;
    }

    private async ValueTask EnterAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        if (gate.IsShared && command.Transaction is null && eventData.Context is KissChatDbContext { HoldsWriteTurn: false } && Writes(command.CommandText))
        {
            turns.AddOrUpdate(command, await gate.EnterAsync(cancellationToken));
        }
    }

    /// <summary>Gives back the turn <paramref name="command"/> took, if it took one; returns whether it did.</summary>
    private bool Leave(DbCommand command)
    {
        if (!turns.TryGetValue(command, out var turn))
        {
            return false;
        }

        turns.Remove(command);
        turn.Dispose();
        return true;
    }

    private static bool Writes(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("WITH", StringComparison.OrdinalIgnoreCase);
    }
}
