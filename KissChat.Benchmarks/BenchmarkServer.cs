using KissChat.Kernel.Database;
using KissChat.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Benchmarks;

/// <summary>
/// The real KissChat host, in this process, on Kestrel at 127.0.0.1 with a random port: requests take the same
/// path as the frontend's. The model is the built-in offline demo with no delay, so the figures are KissChat's own.
/// </summary>
internal sealed class BenchmarkServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string dataDirectory;

    private BenchmarkServer(WebApplication app, string dataDirectory, Uri baseAddress)
    {
        this.app = app;
        this.dataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => app.Services;

    public DatabaseProvider Database => Services.GetRequiredService<DatabaseSettings>().Provider;

    public static async Task<BenchmarkServer> StartAsync(BenchmarkOptions options)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("kisschat-bench-").FullName;
        var settings = ServerSettings.Common(dataDirectory, options.PostgresConnectionString);
        settings["urls"] = "http://127.0.0.1:0";
        settings["AI_PROVIDER"] = "demo";
        settings["Inference:DemoWordDelayMs"] = "0";
        foreach (var (key, value) in options.ServerSettings)
        {
            settings[key] = value;
        }

        var app = await KissChatApp.CreateAsync(ServerSettings.AsArguments(settings));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchmarkServer(app, dataDirectory, new Uri(address));
    }

    /// <summary>A client with its own cookie jar: one browser.</summary>
    public HttpClient CreateBrowser() => Browsers.Create(BaseAddress);

    /// <summary>What the database is, for the report's heading.</summary>
    public async Task<string> DescribeDatabaseAsync() =>
        Database == DatabaseProvider.Postgres
            ? $"PostgreSQL {await DatabaseCounters.ScalarAsync(Services, "SHOW server_version")}"
            : $"SQLite {await DatabaseCounters.ScalarAsync(Services, "SELECT sqlite_version()")} (WAL) in a temporary folder";

    /// <summary>Replies generated at once; JobsOptions is the Jobs module's own, so this repeats its default of 5.</summary>
    public int JobsConcurrency => Math.Max(1, Services.GetRequiredService<IConfiguration>().GetValue("Jobs:Concurrency", 5));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        // Pooled connections keep the SQLite file open; let go of it before removing the folder.
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }
}
