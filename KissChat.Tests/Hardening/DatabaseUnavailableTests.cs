using System.Net;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KissChat.Tests.Hardening;

/// <summary>A server whose database has no connection to spare answers 503 with Retry-After, not 500, and recovers.</summary>
public sealed class DatabaseUnavailableTests(DatabaseUnavailableTests.SmallPoolServer server) : IClassFixture<DatabaseUnavailableTests.SmallPoolServer>
{
    [Fact]
    public async Task ARequestThatFindsNoFreeConnectionIsAskedToRetryAndTheNextOneIsServed()
    {
        var user = await TestUser.SignUpAsync(server);
        var held = new List<AsyncServiceScope>();
        try
        {
            // Every connection the server's pool may open, taken by contexts of its own: the next open waits a second and fails.
            while (await TryHoldConnectionAsync() is { } scope)
            {
                held.Add(scope);
            }

            var busy = await user.Client.GetAsync("/api/v1/chat/list");

            var problem = await busy.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal(TimeSpan.FromSeconds(5), busy.Headers.RetryAfter?.Delta);
            Assert.Equal(5, problem.GetProperty("retry_after").GetInt32());
            Assert.Contains("try again", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var scope in held)
            {
                await scope.DisposeAsync();
            }
        }

        await (await user.Client.GetAsync("/api/v1/chat/list")).AssertOkJsonAsync();
    }

    [Fact]
    public void BusyOrOutOfReachIsToldFromAFault()
    {
        Assert.True(DatabaseUnavailable.Is(new InvalidOperationException("transient", new SqliteException("database is locked", 5))));
        Assert.True(DatabaseUnavailable.Is(new PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300")));
        Assert.False(DatabaseUnavailable.Is(new SqliteException("UNIQUE constraint failed", 19)));
        Assert.False(DatabaseUnavailable.Is(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
        Assert.False(DatabaseUnavailable.Is(new InvalidOperationException("a bug")));
    }

    private async Task<AsyncServiceScope?> TryHoldConnectionAsync()
    {
        var scope = server.Services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<KissChatDbContext>().Database.OpenConnectionAsync();
            return scope;
        }
        catch (InvalidOperationException exception) when (exception.InnerException is NpgsqlException { InnerException: TimeoutException })
        {
            await scope.DisposeAsync();
            return null;
        }
    }

    /// <summary>PostgreSQL with a pool of three connections that are waited for one second at most.</summary>
    public sealed class SmallPoolServer() : KissChatServer(TestDatabase.Postgres)
    {
        protected override async Task<string> PostgresDatabaseAsync() =>
            new NpgsqlConnectionStringBuilder(await base.PostgresDatabaseAsync()) { MaxPoolSize = 3, Timeout = 1 }.ConnectionString;
    }
}
