using System.Data.Common;
using KissChat.Kernel.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace KissChat.Kernel.Database;

/// <summary>
/// PostgreSQL when <c>DATABASE_URL</c> or <c>ConnectionStrings:Postgres</c> is set, otherwise an embedded
/// SQLite file in the data directory, so a first start needs no setup at all.
/// </summary>
internal static class DatabaseSettingsReader
{
    public static DatabaseSettings Read(IConfiguration configuration, DataDirectory dataDirectory)
    {
        var url = configuration["DATABASE_URL"];
        if (!string.IsNullOrWhiteSpace(url))
        {
            return new DatabaseSettings(DatabaseProvider.Postgres, WithPoolDefaults(FromUrl(url)));
        }

        var postgres = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            return new DatabaseSettings(DatabaseProvider.Postgres, WithPoolDefaults(postgres));
        }

        var sqlite = new SqliteConnectionStringBuilder
        {
            // Foreign keys are turned on once per native connection (SqliteConnectionSetup), not here on every open.
            DataSource = dataDirectory.File(SqliteFiles.Database),
            DefaultTimeout = 30,
        };
        return new DatabaseSettings(DatabaseProvider.Sqlite, sqlite.ConnectionString);
    }

    /// <summary>
    /// Npgsql prepares the statements a connection runs most (at most this many, kept across its reuse from the pool), so
    /// PostgreSQL parses and plans each once per connection instead of on every reply: that work took the cores under load.
    /// With 64 slots and Npgsql's five uses before a statement is prepared, PostgreSQL still planned 35–42% of the
    /// statements at 100 replies in flight; with these, 13–27% in the same pairs of runs (README, "Thirtieth sitting").
    /// </summary>
    internal const int AutoPrepared = 256;

    /// <summary>How often a connection runs a statement before Npgsql prepares it (Npgsql's own default is 5).</summary>
    internal const int UsesBeforePrepared = 2;

    /// <summary>
    /// What KissChat's pooled PostgreSQL connections default to; a connection string that sets any of them keeps its value.
    /// <c>Max Auto Prepare</c>: <see cref="AutoPrepared"/> (0 turns preparing off, as a pooler in transaction mode without
    /// prepared-statement support needs). <c>Auto Prepare Min Usages</c>: <see cref="UsesBeforePrepared"/>.
    /// <c>No Reset On Close</c>: on. Npgsql otherwise resets a connection taken from the pool with seven statements of its
    /// own (<c>RESET ALL</c>, <c>CLOSE ALL</c>, <c>UNLISTEN *</c>, the advisory locks, the temporary tables…), which
    /// PostgreSQL ran on each of a reply's checkouts. KissChat leaves nothing to reset on a pooled
    /// connection: its locks end with their transactions, it sets no session settings, and its one <c>LISTEN</c> and session
    /// lock live on a connection of their own, outside the pool. A transaction left open is still rolled back on close.
    /// </summary>
    internal static string WithPoolDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var pooled = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(given, "Max Auto Prepare"))
        {
            pooled.MaxAutoPrepare = AutoPrepared;
        }

        if (!Sets(given, "Auto Prepare Min Usages"))
        {
            pooled.AutoPrepareMinUsages = UsesBeforePrepared;
        }

        if (!Sets(given, "No Reset On Close"))
        {
            pooled.NoResetOnClose = true;
        }

        return pooled.ConnectionString;
    }

    /// <summary>Whether the connection string sets <paramref name="keyword"/>, spelt with its spaces or without (Npgsql takes both).</summary>
    private static bool Sets(DbConnectionStringBuilder given, string keyword) =>
        given.ContainsKey(keyword) || given.ContainsKey(keyword.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>Accepts the <c>postgres://user:pass@host:port/db?sslmode=require</c> form hosting platforms hand out.</summary>
    internal static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new ConfigurationProblem("DATABASE_URL must look like postgres://user:password@host:port/database.");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = Uri.UnescapeDataString(userInfo[0]),
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
        };
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length == 2 && parts[0].Equals("sslmode", StringComparison.OrdinalIgnoreCase))
            {
                builder.SslMode = SslModeOf(Uri.UnescapeDataString(parts[1]));
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// libpq's modes (<c>verify-full</c>), Npgsql's (<c>VerifyFull</c>) and Node's <c>pg</c> <c>no-verify</c> (encrypted, the
    /// certificate not checked: Npgsql's <c>Require</c>); anything else stops the start: a mode not understood must not
    /// connect without the encryption, or the certificate check, that was asked for.
    /// </summary>
    private static SslMode SslModeOf(string value) =>
        value.Equals("no-verify", StringComparison.OrdinalIgnoreCase) ? SslMode.Require
        : value.All(c => char.IsAsciiLetter(c) || c == '-')
            && Enum.TryParse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new ConfigurationProblem($"DATABASE_URL's sslmode is '{value}': use disable, allow, prefer, require, verify-ca, verify-full or no-verify.");
}
