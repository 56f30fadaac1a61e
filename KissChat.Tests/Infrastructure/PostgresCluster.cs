using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace KissChat.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run, started with initdb/pg_ctl in a temporary folder
/// (as the unprivileged <c>postgres</c> user when the run is root, since PostgreSQL refuses root). Every test
/// server gets a database of its own. If PostgreSQL cannot start, the run fails loudly: it never skips.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly Lazy<Task<PostgresCluster>> Instance = new(StartAsync);

    private readonly string directory;
    private readonly string binaries;
    private readonly string? runAs;

    private PostgresCluster(string directory, string binaries, string? runAs, int port)
    {
        this.directory = directory;
        this.binaries = binaries;
        this.runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    public static Task<PostgresCluster> SharedAsync() => Instance.Value;

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = true,
            MaxPoolSize = 20,
        }.ConnectionString;

    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"kc_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    private static async Task<PostgresCluster> StartAsync()
    {
        var binaries = FindBinaries();
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        var directory = Directory.CreateTempSubdirectory("kisschat-pg-").FullName;
        if (runAs is not null)
        {
            await RunAsync("chown", $"-R {runAs} {directory}", null);
        }

        var port = FreePort();
        var cluster = new PostgresCluster(directory, binaries, runAs, port);
        await cluster.PgAsync("initdb", $"-D {directory}/data -U postgres --auth=trust --encoding=UTF8 --no-sync --no-instructions");
        await cluster.PgAsync("pg_ctl", $"-D {directory}/data -l {directory}/server.log -w -t 60 start " +
            $"-o \"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\"");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    private void Stop()
    {
        try
        {
            PgAsync("pg_ctl", $"-D {directory}/data -m immediate -w stop").Wait(TimeSpan.FromSeconds(20));
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or AggregateException or UnauthorizedAccessException)
        {
            // Best effort at process exit; the folder is in the temp directory anyway.
        }
    }

    private Task PgAsync(string tool, string arguments)
    {
        var executable = Path.Combine(binaries, tool);
        return runAs is null ? RunAsync(executable, arguments, null) : RunAsync("runuser", $"-u {runAs} -- {executable} {arguments}", null);
    }

    private static async Task RunAsync(string file, string arguments, string? workingDirectory)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"PostgreSQL for the tests failed: {file} {arguments} exited {process.ExitCode}.\n{await output}\n{await error}");
        }
    }

    private static string FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
                : []);
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "The tests need a PostgreSQL server (initdb, pg_ctl). Install it, e.g. `apt-get install postgresql`, and run again.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
