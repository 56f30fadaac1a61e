using Npgsql;

namespace KissChat.Benchmarks.Streams;

internal static class DatabaseDescription
{
    /// <summary>What the server stored its data in, for the report's heading.</summary>
    public static async Task<string> ReadAsync(string? postgresConnectionString, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(postgresConnectionString))
        {
            return "SQLite (WAL) in a temporary folder";
        }

        await using var connection = new NpgsqlConnection(postgresConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        return $"PostgreSQL {await command.ExecuteScalarAsync(cancellationToken)}";
    }
}
