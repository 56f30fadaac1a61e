using System.Data.Common;
using KissChat.Kernel.Database;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KissChat.Benchmarks.Streams;

/// <summary>
/// What the durable relay stores, and no more: what issue #9 requires of a reply (the user's message and the job stored
/// before the reply starts, the reply stored with the job's end) in two transactions of plain ADO.NET commands, on
/// SQLite (WAL, every commit on disk before it is acknowledged, synced in groups after the turn as KissChat does; writers
/// take turns at KissChat's own <see cref="WriteGate"/>) or
/// PostgreSQL. It is the floor of durability: no ORM, no reads, no checks.
/// </summary>
internal sealed class RelayStore : IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS relay_jobs (id TEXT PRIMARY KEY, status TEXT NOT NULL, text TEXT, created_at TEXT NOT NULL, finished_at TEXT);
        CREATE TABLE IF NOT EXISTS relay_messages (id TEXT PRIMARY KEY, chat_id TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS relay_messages_chat_seq ON relay_messages (chat_id, seq);
        """;

    private readonly DbDataSource source;
    private readonly WriteGate writers;
    private readonly SqliteConnectionSetup? setup;

    private RelayStore(DbDataSource source, WriteGate writers)
    {
        this.source = source;
        this.writers = writers;
        setup = writers.Wal is { } wal ? new SqliteConnectionSetup(wal) : null;
    }

    /// <summary><c>postgres:&lt;connection string&gt;</c> or <c>sqlite:&lt;file&gt;</c>.</summary>
    public static async Task<RelayStore> OpenAsync(string store, CancellationToken cancellationToken)
    {
        var settings = store.Split(':', 2) switch
        {
            ["postgres", var connectionString] => new DatabaseSettings(DatabaseProvider.Postgres, connectionString),
            ["sqlite", var file] => new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=True"),
            _ => throw new ArgumentException($"--store: '{store}' is neither postgres:<connection string> nor sqlite:<file>."),
        };
        var sqlite = settings.Provider == DatabaseProvider.Sqlite;
        var relay = new RelayStore(
            sqlite ? SqliteFactory.Instance.CreateDataSource(settings.ConnectionString) : NpgsqlDataSource.Create(settings.ConnectionString),
            new WriteGate(settings));
        await using var connection = await relay.source.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, sqlite ? $"PRAGMA journal_mode=WAL; {Schema}" : Schema, cancellationToken);
        return relay;
    }

    /// <summary>The user's message (a chat's first) and the reply's job, in one transaction; returns the job's id.</summary>
    public async Task<(Guid Chat, Guid Job)> StartAsync(string prompt, CancellationToken cancellationToken)
    {
        var (chat, job) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await WriteAsync(
            async (connection, transaction) =>
            {
                await ExecuteAsync(connection, transaction, "INSERT INTO relay_messages VALUES (@id, @chat, 1, 'user', @content, @now)", cancellationToken, ("id", Guid.CreateVersion7()), ("chat", chat), ("content", prompt));
                await ExecuteAsync(connection, transaction, "INSERT INTO relay_jobs (id, status, created_at) VALUES (@id, 'active', @now)", cancellationToken, ("id", job));
            },
            cancellationToken);
        return (chat, job);
    }

    /// <summary>The job's end and the reply, in one transaction.</summary>
    public Task EndAsync(Guid chat, Guid job, string reply, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await ExecuteAsync(connection, transaction, "UPDATE relay_jobs SET status = 'completed', text = @text, finished_at = @now WHERE id = @id", cancellationToken, ("id", job), ("text", reply));
                await ExecuteAsync(connection, transaction, "INSERT INTO relay_messages VALUES (@id, @chat, 2, 'assistant', @content, @now)", cancellationToken, ("id", Guid.CreateVersion7()), ("chat", chat), ("content", reply));
            },
            cancellationToken);

    public ValueTask DisposeAsync() => source.DisposeAsync();

    private async Task WriteAsync(Func<DbConnection, DbTransaction, Task> write, CancellationToken cancellationToken)
    {
        using (await writers.EnterAsync(cancellationToken))
        {
            await using var connection = await source.OpenConnectionAsync(cancellationToken);
            // On SQLite, as KissChat does: the commit is synced after the turn, in a group.
            setup?.Apply(connection);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await write(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
        }

        await writers.DurableAsync();
    }

    private static async Task ExecuteAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters.Append(("now", DateTime.UtcNow.ToString("O"))))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value is Guid id ? id.ToString() : value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
