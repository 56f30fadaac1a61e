using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KissChat.Tests.Database;

/// <summary>
/// The timeouts the database stack throws count as the database's failures; other code's do not, though they are
/// <see cref="TimeoutException"/>s too (a regex's match timeout) or carry one inside (an HTTP call's).
/// </summary>
public sealed class DatabaseFailureTests
{
    [Fact]
    public async Task APostgresCommandPastItsTimeoutIsTheDatabases()
    {
        await using var connection = new NpgsqlConnection(await ConnectionStringAsync(b => b.CommandTimeout = 1));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_sleep(10)", connection);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => command.ExecuteNonQueryAsync());

        Assert.Contains(Chain(failure), cause => cause is TimeoutException);
        Assert.True(DatabaseFailure.Is(failure));
    }

    [Fact]
    public async Task APostgresPoolWithNoConnectionFreeInTimeIsTheDatabases()
    {
        var connectionString = await ConnectionStringAsync(b => (b.MaxPoolSize, b.Timeout, b.ApplicationName) = (1, 1, $"pool-{Guid.NewGuid():N}"));
        await using var taken = new NpgsqlConnection(connectionString);
        await taken.OpenAsync();
        await using var waiting = new NpgsqlConnection(connectionString);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => waiting.OpenAsync());

        Assert.Contains(Chain(failure), cause => cause is TimeoutException);
        Assert.True(DatabaseFailure.Is(failure));
    }

    [Fact]
    public async Task ASqliteWritePastItsBusyTimeoutIsTheDatabases()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("kisschat-failure-").FullName, "busy.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, DefaultTimeout = 1, Pooling = false }.ConnectionString;
        await using var holder = new SqliteConnection(connectionString);
        await holder.OpenAsync();
        await Execute(holder, "CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);");
        await using var writer = new SqliteConnection(connectionString);
        await writer.OpenAsync();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Execute(writer, "INSERT INTO t VALUES (2);"));

        Assert.True(DatabaseFailure.Is(failure));
    }

    [Fact]
    public void ARegexMatchTimeoutIsNotTheDatabases()
    {
        var failure = Assert.Throws<RegexMatchTimeoutException>(() => Regex.IsMatch(new string('a', 40) + "!", "^(a+)+$", RegexOptions.None, TimeSpan.FromMilliseconds(1)));

        Assert.False(DatabaseFailure.Is(failure));
        Assert.False(DatabaseFailure.Is(new InvalidOperationException("A script failed.", failure)));
    }

    [Fact]
    public async Task AnHttpCallPastItsTimeoutIsNotTheDatabases()
    {
        // Takes the connection and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => http.GetAsync($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"));

        Assert.Contains(Chain(failure), cause => cause is TimeoutException);
        Assert.False(DatabaseFailure.Is(failure));
    }

    private static async Task<string> ConnectionStringAsync(Action<NpgsqlConnectionStringBuilder> change)
    {
        var builder = new NpgsqlConnectionStringBuilder((await PostgresCluster.SharedAsync()).ConnectionString("postgres"));
        change(builder);
        return builder.ConnectionString;
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
        }
    }
}
