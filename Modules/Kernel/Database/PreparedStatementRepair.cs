using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KissChat.Kernel.Database;

/// <summary>
/// Npgsql's automatic preparation can lose track of what a pooled connection has prepared (after a PostgreSQL restart,
/// a batch failing half-way: npgsql#4082), and the connection then fails every statement it would prepare, for as long
/// as the pool keeps it: one instance answered 500 to every sign-up for minutes. The first such failure empties the pool,
/// so the connections it holds are replaced as they come back; that one statement still fails.
/// </summary>
internal sealed class PreparedStatementRepair(ILogger<PreparedStatementRepair> logger) : DbCommandInterceptor
{
    private const string AlreadyExists = "42P05";
    private const string DoesNotExist = "26000";

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Repair(command, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Repair(command, eventData.Exception);
        return Task.CompletedTask;
    }

    private void Repair(DbCommand command, Exception exception)
    {
        if (exception is PostgresException { SqlState: AlreadyExists or DoesNotExist } && command.Connection is NpgsqlConnection connection)
        {
            logger.LogWarning("A pooled connection lost track of its prepared statements ({Reason}); the pool is emptied", exception.Message);
            NpgsqlConnection.ClearPool(connection);
        }
    }
}
