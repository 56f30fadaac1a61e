using KissChat.Kernel.Configuration;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KissChat.Tests.Database;

/// <summary>On PostgreSQL the server's statements are prepared once per connection, not parsed and planned on every reply.</summary>
public sealed class AutoPrepareTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task AStatementTheServerRepeatsIsPreparedOnItsConnection()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        await db.Database.OpenConnectionAsync();

        for (var i = 0; i < 6; i++)
        {
            await db.Database.SqlQueryRaw<int>("SELECT 41 + 1 AS \"Value\"").ToListAsync();
        }

        var prepared = await db.Database
            .SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%41 + 1%' AND NOT from_sql")
            .SingleAsync();
        Assert.Equal(1, prepared);
    }

    [Theory]
    [InlineData("Host=db;Database=kisschat", DatabaseSettingsReader.AutoPrepared)]
    [InlineData("Host=db;Database=kisschat;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=kisschat;maxautoprepare=10", 10)]
    public void AConnectionStringPreparesUnlessItSaysOtherwise(string given, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DatabaseSettingsReader.WithAutoPrepare(given)).MaxAutoPrepare);

    [Fact]
    public void ADatabaseUrlPreparesToo()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DATABASE_URL"] = "postgres://kiss:secret@db:5432/kisschat" })
            .Build();

        var settings = DatabaseSettingsReader.Read(configuration, new DataDirectory(Path.GetTempPath()));

        Assert.Equal(DatabaseSettingsReader.AutoPrepared, new NpgsqlConnectionStringBuilder(settings.ConnectionString).MaxAutoPrepare);
    }
}
