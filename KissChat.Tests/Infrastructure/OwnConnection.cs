using Npgsql;

namespace KissChat.Tests.Infrastructure;

/// <summary>A PostgreSQL session of a test's own, outside the pool, for what must stay on one session: a lock held, a LISTEN.</summary>
public static class OwnConnection
{
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString, string firstStatement)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(firstStatement);
        return connection;
    }
}
