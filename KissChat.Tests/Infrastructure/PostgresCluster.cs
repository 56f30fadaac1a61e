using System.Diagnostics;
using Npgsql;

namespace KissChat.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run, started with initdb/pg_ctl in a temporary folder
/// (as the unprivileged <c>postgres</c> user when the run is root, since PostgreSQL refuses root). Every test
/// server gets a database of its own. If PostgreSQL cannot start, the run fails loudly: it never skips.
/// </summary>
/// <remarks>
/// The cluster never outlives its run. The test host cannot stop it itself: vstest gives a finished test host 100 ms
/// to exit and then kills it, too soon to stop a server and remove its folder, and a cancelled or killed run gets no
/// time at all. So a watchdog in a session of its own waits for the test host to go, however it goes, then stops the
/// server and removes the folder. Should the watchdog be killed too, the folder names its test host (see
/// <see cref="ClusterOwner"/>) and the next run's start removes every cluster whose test host is gone.
/// </remarks>
public sealed class PostgresCluster
{
    private const string FolderPrefix = "kisschat-pg-";

    private static readonly TimeSpan SettingUp = TimeSpan.FromMinutes(1);

    private static readonly Lazy<Task<PostgresCluster>> Instance = new(() => StartAsync(ClusterOwner.Current));
    private static readonly string? RunAs = Environment.UserName == "root" ? "postgres" : null;

    private readonly string binaries;

    private PostgresCluster(string directory, string binaries, int port)
    {
        Folder = directory;
        this.binaries = binaries;
        Port = port;
    }

    public int Port { get; }

    public string Folder { get; }

    private string StopArguments => $"-D {Folder}/data -m immediate -w stop";

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

    /// <summary>Starts a cluster that belongs to <paramref name="owner"/>; its watchdog waits for this test host.</summary>
    internal static async Task<PostgresCluster> StartAsync(ClusterOwner owner)
    {
        await RemoveAbandonedAsync();
        var binaries = FindBinaries();
        var directory = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        owner.WriteTo(directory);
        if (RunAs is not null)
        {
            await RunAsync($"chown -R {RunAs} {directory}");
        }

        var cluster = new PostgresCluster(directory, binaries, LocalPorts.Free());
        cluster.StartWatchdog();
        await cluster.PgAsync("initdb", $"-D {directory}/data -U postgres --auth=trust --encoding=UTF8 --no-sync --no-instructions");
        await cluster.PgAsync("pg_ctl", $"-D {directory}/data -l {directory}/server.log -w -t 60 start " +
            $"-o \"-p {cluster.Port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\"");
        return cluster;
    }

    /// <summary>
    /// Stops and removes the clusters of test runs that are gone; those of live runs, folders without an owner, and
    /// folders changed in the last minute stay (a run testing this very sweep is still setting one up, owner gone on purpose).
    /// </summary>
    internal static async Task RemoveAbandonedAsync()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (ClusterOwner.ReadFrom(directory) is { IsAlive: false } && Directory.GetLastWriteTimeUtc(directory) < DateTime.UtcNow - SettingUp)
            {
                await new PostgresCluster(directory, FindBinaries(), port: 0).StopAndRemoveAsync();
            }
        }
    }

    private async Task StopAndRemoveAsync()
    {
        if (File.Exists(Path.Combine(Folder, "data", "postmaster.pid")))
        {
            // A server that already died leaves its pid file; pg_ctl then has nothing to stop, which is fine.
            await RunAsync(PgCommand("pg_ctl", StopArguments), mustSucceed: false);
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Its watchdog got there first.
        }
    }

    private void StartWatchdog()
    {
        var script = $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId}; do sleep 1; done; {PgCommand("pg_ctl", StopArguments)}; rm -rf {Folder}";
        var start = new ProcessStartInfo("setsid") { ArgumentList = { "--fork", "sh", "-c", script } };
        using var watchdog = Process.Start(start) ?? throw new InvalidOperationException("Could not start the PostgreSQL watchdog.");
        watchdog.WaitForExit();
    }

    private Task PgAsync(string tool, string arguments) => RunAsync(PgCommand(tool, arguments));

    private string PgCommand(string tool, string arguments)
    {
        var executable = Path.Combine(binaries, tool);
        return RunAs is null ? $"{executable} {arguments}" : $"runuser -u {RunAs} -- {executable} {arguments}";
    }

    private static async Task RunAsync(string command, bool mustSucceed = true)
    {
        var start = new ProcessStartInfo("sh")
        {
            ArgumentList = { "-c", command },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (mustSucceed && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"PostgreSQL for the tests failed: {command} exited {process.ExitCode}.\n{await output}\n{await error}");
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
}
