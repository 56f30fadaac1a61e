using System.Data.Common;

namespace KissChat.Tests.Infrastructure;

public static class Statements
{
    /// <summary>Runs SQL a test writes itself, on either database, straight on a connection of its own.</summary>
    public static async Task ExecuteAsync(this DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
