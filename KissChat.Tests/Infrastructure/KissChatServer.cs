using System.Net;
using KissChat.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Infrastructure;

public enum TestDatabase
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A real KissChat host on Kestrel at 127.0.0.1 with a random port, on a fresh database of the chosen kind.
/// Tests talk to it only over HTTP, exactly as the frontend does.
/// </summary>
public class KissChatServer(TestDatabase database) : IAsyncLifetime
{
    public const string JwtSecret = "test-secret-that-is-long-enough-for-hs256-signing!";

    private WebApplication? app;
    private string[] arguments = [];

    public TestDatabase Database => database;

    public Uri BaseAddress { get; private set; } = null!;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("kisschat-test-").FullName;

    public IServiceProvider Services => app!.Services;

    /// <summary>The database this instance uses, so another instance can share it.</summary>
    public string PostgresConnectionString { get; private set; } = string.Empty;

    public virtual async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["environment"] = "Production",
            ["DATA_DIR"] = DataDirectory,
            ["JWT_SECRET"] = JwtSecret,
            ["DATABASE_URL"] = string.Empty,
            ["ConnectionStrings:Postgres"] = PostgresConnectionString = database == TestDatabase.Postgres ? await PostgresDatabaseAsync() : string.Empty,
            ["Logging:LogLevel:Default"] = "Warning",
            ["FRONTEND_URL"] = "http://frontend.test",
            ["ADMIN_EMAILS"] = TestUser.AdministratorEmail,
            // A reply still running when a test server stops is ended within a second.
            ["Jobs:ShutdownDrainSeconds"] = "1",
            // Tests sign up hundreds of users from one IP; the limits get their own tests.
            ["RateLimits:GlobalPerIpPerMinute"] = "1000000",
            ["RateLimits:AuthPerIpPerMinute"] = "1000000",
            ["RateLimits:MessagesPerUserPerMinute"] = "100000",
            ["RateLimits:ConcurrentGenerationsPerUser"] = "100",
            ["RateLimits:OpenStreamsPerUser"] = "1000",
            // Tests read the tag counts right after they change the library; keeping them has a test of its own.
            ["Characters:TagListSeconds"] = "0",
            ["RateLimits:ImportsPerUserPerMinute"] = "100000",
            // A summary job would take the model scripts other tests queue for their replies; memory tests turn it on.
            ["Memory:Enabled"] = "false",
        };
        foreach (var (key, value) in Settings())
        {
            settings[key] = value;
        }

        arguments = settings.Select(s => $"--{s.Key}={s.Value}").ToArray();
        await StartAsync(arguments);
    }

    public virtual Task DisposeAsync() => StopAsync();

    /// <summary>Stops the server as a SIGTERM does (the host's graceful stop); its data stays for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    /// <summary>Starts the server again on the same data and the same address, as a restart of the process would.</summary>
    public Task StartAgainAsync() => StartAsync([.. arguments, $"--urls={BaseAddress.ToString().TrimEnd('/')}"]);

    private async Task StartAsync(string[] startArguments)
    {
        app = await KissChatApp.CreateAsync(startArguments, ReplaceServices);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>
    /// A client with its own cookie jar: one browser. A request that announces its body with Expect: 100-continue
    /// waits for the server's answer as long as the request may take (the default second runs out on a busy machine,
    /// and then the body goes anyway and races a 413 that closes the connection).
    /// </summary>
    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            UseCookies = true,
            AllowAutoRedirect = false,
            Expect100ContinueTimeout = TimeSpan.FromSeconds(60),
        })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>Extra configuration for this server, on top of the test defaults.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    /// <summary>Services of the test's in place of the server's own (a clock it moves), registered after them.</summary>
    protected virtual void ReplaceServices(IServiceCollection services)
    {
    }

    /// <summary>A fresh database of its own, unless a subclass shares another instance's.</summary>
    protected virtual async Task<string> PostgresDatabaseAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        return cluster.ConnectionString(await cluster.CreateDatabaseAsync());
    }
}

public sealed class SqliteServer() : KissChatServer(TestDatabase.Sqlite);

public sealed class PostgresServer() : KissChatServer(TestDatabase.Postgres);
