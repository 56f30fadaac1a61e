using System.Data.Common;
using System.Reflection;
using KissChat.Kernel.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KissChat.Kernel.Database;

/// <summary>
/// Applies the versioned SQL scripts embedded under <c>Database/Migrations/&lt;provider&gt;/</c> in one transaction
/// and records each in <c>schema_versions</c>. Instances starting together serialize on a lock
/// (an advisory lock on PostgreSQL, SQLite's write lock), so no script ever runs twice.
/// </summary>
public sealed class SchemaMigrator(KissChatDbContext db, DatabaseSettings settings, ILogger<SchemaMigrator> logger)
{
    // Any constant works; it only has to be the same for every KissChat instance sharing a database.
    internal const long PostgresLockKey = 0x4B69_7373_4368_6174;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets the SSE readers keep reading while a reply is being written. Foreign keys are off while
                // scripts run, as SQLite's own table-rebuild procedure requires (a dropped table would otherwise
                // cascade into its children); foreign_key_check below proves nothing was left dangling.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=OFF;", cancellationToken);
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (settings.Provider == DatabaseProvider.Postgres)
            {
                await TakePostgresLockAsync(connection, transaction, cancellationToken);
            }

            await ExecuteAsync(connection, transaction, CreateVersionsTable(), cancellationToken);
            var applied = await AppliedVersionsAsync(connection, transaction, cancellationToken);
            var scripts = Scripts(settings.Provider);
            EnsureNotNewerThanThisBuild(applied, scripts);

            var newlyApplied = new List<string>();
            foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
            {
                logger.LogInformation("Applying schema script {Version}", script.Version);
                try
                {
                    await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                }
                catch (DbException refused) when (!DatabaseUnavailable.Is(refused))
                {
                    throw new SchemaScriptFailure(script.Version, applied.Max(StringComparer.Ordinal), refused);
                }

                await RecordAsync(connection, transaction, script.Version, cancellationToken);
                newlyApplied.Add(script.Version);
            }

            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                await EnsureNoDanglingForeignKeysAsync(connection, transaction, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return newlyApplied;
        }
        finally
        {
            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                await ExecuteAsync(connection, null, "PRAGMA foreign_keys=ON;", CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    public static IReadOnlyList<(string Version, string Sql)> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Database.Migrations.{provider.ToString().ToLowerInvariant()}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[prefix.Length..^4], Read(assembly, n)))
            .ToList();
    }

    // On SQLite, BEGIN IMMEDIATE already holds the single write lock for the whole transaction.
    private string CreateVersionsTable() => settings.Provider switch
    {
        DatabaseProvider.Postgres => "CREATE TABLE IF NOT EXISTS schema_versions (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());",
        _ => "CREATE TABLE IF NOT EXISTS schema_versions (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);",
    };

    /// <summary>
    /// The advisory lock instances take turns on, held to the transaction's end. Another instance's upgrade may hold it for
    /// minutes, so a wait says so in the log rather than leave a start silent.
    /// </summary>
    private async Task TakePostgresLockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_try_advisory_xact_lock({PostgresLockKey})";
        if (await command.ExecuteScalarAsync(cancellationToken) is true)
        {
            return;
        }

        logger.LogInformation("Another KissChat instance holds the schema lock (it may be upgrading the database); waiting for it");
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresLockKey})", cancellationToken);
    }

    /// <summary>
    /// An older build started on a database a newer one upgraded (an image pulled, then rolled back) would read and write a
    /// schema it does not know: columns its code needs may be gone (0018 moved one out of chats). It stops instead, saying
    /// what to run.
    /// </summary>
    private static void EnsureNotNewerThanThisBuild(HashSet<string> applied, IReadOnlyList<(string Version, string Sql)> scripts)
    {
        var unknown = applied.Except(scripts.Select(s => s.Version)).Max(StringComparer.Ordinal);
        if (unknown is not null)
        {
            throw new ConfigurationProblem(
                $"the database was upgraded by a newer KissChat (its schema has {unknown}; this build knows up to {scripts[^1].Version}): "
                + "run that version or a later one, or restore a backup taken before that upgrade.");
        }
    }

    private static async Task EnsureNoDanglingForeignKeysAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA foreign_key_check;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"A schema script left a dangling foreign key in table {reader.GetString(0)}; nothing was applied.");
        }
    }

    private static async Task<HashSet<string>> AppliedVersionsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM schema_versions";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetString(0));
        }

        return versions;
    }

    private static async Task RecordAsync(DbConnection connection, DbTransaction transaction, string version, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO schema_versions (version) VALUES (@version)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@version";
        parameter.Value = version;
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            // A script over a big database, or the wait for another instance's upgrade, takes what it takes. Npgsql's 30 s
            // cut them as transient failures: the start retried the whole upgrade until its wait ran out, and never started.
            // (SQLite's timeout is only how long a lock is waited for; SqliteInstanceLock keeps other servers away.)
            command.CommandTimeout = 0;
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
