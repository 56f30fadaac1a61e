using KissChat.Kernel.Configuration;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KissChat.Tests.Database;

/// <summary>
/// On PostgreSQL the server's statements are prepared once per connection, not parsed and planned on every reply, and a
/// connection taken from the pool is not reset first: nothing KissChat does leaves anything on it to reset. One that lost
/// track of what it prepared leaves the pool.
/// </summary>
public sealed class PostgresConnectionDefaultsTests(PostgresServer server) : IClassFixture<PostgresServer>
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

    /// <summary>
    /// A connection whose automatic preparation lost track of what it prepared (npgsql#4082, seen after a PostgreSQL
    /// restart) failed every statement it would prepare for as long as the pool kept it; the first failure drops it.
    /// </summary>
    [Fact]
    public async Task AConnectionThatLostTrackOfItsPreparedStatementsLeavesThePool()
    {
        const string Repeated = "SELECT 40 + 2 AS \"Value\"";
        int pid;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            // A fresh connection, which has prepared nothing yet: its first automatic preparation is named _auto0.
            NpgsqlConnection.ClearPool(connection);
            await db.Database.OpenConnectionAsync();
            pid = connection.ProcessID;
            // The name taken behind Npgsql's back, as its bookkeeping loses one.
            await db.Database.ExecuteSqlRawAsync("PREPARE _auto0 AS SELECT 1");
            var failed = await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                for (var i = 0; i < DatabaseSettingsReader.UsesBeforePrepared + 1; i++)
                {
                    await db.Database.SqlQueryRaw<int>(Repeated).ToListAsync();
                }
            });
            Assert.Equal("42P05", failed.SqlState);
            await db.Database.CloseConnectionAsync();
        }

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            await db.Database.OpenConnectionAsync();
            Assert.NotEqual(pid, ((NpgsqlConnection)db.Database.GetDbConnection()).ProcessID);
            for (var i = 0; i < DatabaseSettingsReader.UsesBeforePrepared + 1; i++)
            {
                Assert.Equal([42], await db.Database.SqlQueryRaw<int>(Repeated).ToListAsync());
            }
        }
    }

    [Fact]
    public async Task ATransactionLeftOpenEndsWhenItsConnectionGoesBackToThePool()
    {
        var serverSettings = new NpgsqlConnectionStringBuilder(server.Services.GetRequiredService<DatabaseSettings>().ConnectionString);
        Assert.True(serverSettings.NoResetOnClose);
        // A pool of its own (the server's settings, another name), so the connection handed out again is the one let go.
        var connectionString = new NpgsqlConnectionStringBuilder(serverSettings.ConnectionString) { ApplicationName = "pool-reuse-test" }.ConnectionString;
        const long lockKey = 4_242_001;
        int pid;
        await using (var abandoned = new NpgsqlConnection(connectionString))
        {
            await abandoned.OpenAsync();
            pid = abandoned.ProcessID;
            await using var transaction = await abandoned.BeginTransactionAsync();
            await using var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({lockKey})", abandoned, transaction);
            await take.ExecuteNonQueryAsync();
            // Closed with its transaction still open, as a unit of work that threw halfway would leave it.
            await abandoned.CloseAsync();
        }

        // The same pooled connection, handed out again: its transaction ended, for the lock it took ends only with it.
        await using var reused = new NpgsqlConnection(connectionString);
        await reused.OpenAsync();
        Assert.Equal(pid, reused.ProcessID);
        await using var held = new NpgsqlCommand($"SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND objid = {lockKey}", reused);
        Assert.Equal(0, (int)(await held.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("Host=db;Database=kisschat", DatabaseSettingsReader.AutoPrepared, DatabaseSettingsReader.UsesBeforePrepared, true)]
    [InlineData("Host=db;Database=kisschat;Max Auto Prepare=0", 0, DatabaseSettingsReader.UsesBeforePrepared, true)]
    [InlineData("Host=db;Database=kisschat;maxautoprepare=10", 10, DatabaseSettingsReader.UsesBeforePrepared, true)]
    [InlineData("Host=db;Database=kisschat;Auto Prepare Min Usages=7", DatabaseSettingsReader.AutoPrepared, 7, true)]
    [InlineData("Host=db;Database=kisschat;No Reset On Close=false", DatabaseSettingsReader.AutoPrepared, DatabaseSettingsReader.UsesBeforePrepared, false)]
    public void AConnectionStringGetsThePoolDefaultsUnlessItSaysOtherwise(string given, int prepared, int usesBeforePrepared, bool noReset)
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseSettingsReader.WithPoolDefaults(given));
        Assert.Equal(prepared, settings.MaxAutoPrepare);
        Assert.Equal(usesBeforePrepared, settings.AutoPrepareMinUsages);
        Assert.Equal(noReset, settings.NoResetOnClose);
    }

    [Fact]
    public void ADatabaseUrlGetsThemToo()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DATABASE_URL"] = "postgres://kiss:secret@db:5432/kisschat" })
            .Build();

        var settings = DatabaseSettingsReader.Read(configuration, new DataDirectory(Path.GetTempPath()));

        var pooled = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        Assert.Equal(DatabaseSettingsReader.AutoPrepared, pooled.MaxAutoPrepare);
        Assert.Equal(DatabaseSettingsReader.UsesBeforePrepared, pooled.AutoPrepareMinUsages);
        Assert.True(pooled.NoResetOnClose);
    }
}
