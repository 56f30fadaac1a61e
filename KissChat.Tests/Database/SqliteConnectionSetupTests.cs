using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Database;

/// <summary>
/// The server's SQLite connections enforce foreign keys every time they are taken from the pool, though the setting is
/// made once per native connection rather than by the connection string on every open.
/// </summary>
public sealed class SqliteConnectionSetupTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task EveryPooledConnectionRefusesARowWhoseParentIsMissing()
    {
        Assert.Null(new SqliteConnectionStringBuilder(server.Services.GetRequiredService<DatabaseSettings>().ConnectionString).ForeignKeys);
        for (var open = 0; open < 3; open++)
        {
            await using var scope = server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            var orphan = db.Database.ExecuteSqlAsync(
                $"""
                 INSERT INTO "chat_messages" ("id", "chat_id", "seq", "role", "content", "status", "created_at")
                 VALUES ({Guid.NewGuid()}, {Guid.NewGuid()}, 1, 'user', 'no chat', 'complete', {DateTime.UtcNow})
                 """);

            var refused = await Assert.ThrowsAsync<SqliteException>(() => orphan);
            Assert.Contains("FOREIGN KEY", refused.Message, StringComparison.Ordinal);
        }
    }
}
