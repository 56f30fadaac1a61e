using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KissChat.Kernel.Database;

/// <summary>
/// Sets each native SQLite connection up once, when it first opens: foreign keys on and, for a file whose commits are
/// synced in groups (<see cref="WalSync"/>), <c>synchronous=NORMAL</c>, its writers waiting for that sync instead. A pooled
/// connection keeps its handle, and these settings with it. A connection string's <c>Foreign Keys</c> would instead be
/// run as a PRAGMA by Microsoft.Data.Sqlite on every open, and one reply opens a connection six times.
/// </summary>
public sealed class SqliteConnectionSetup(WalSync? wal) : DbConnectionInterceptor
{
    private readonly ConditionalWeakTable<object, object> done = [];
    private readonly string pragmas = wal is null ? "PRAGMA foreign_keys=ON;" : "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";

    /// <summary>Sets <paramref name="connection"/> up if its native connection is new.</summary>
    public void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } sqlite && !done.TryGetValue(handle, out _))
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
            done.AddOrUpdate(handle, handle);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }
}
