using System.Net;
using System.Text.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Operations;

/// <summary>The probes as an orchestrator reads them: JSON with the version, the uptime and what each check found.</summary>
public abstract class HealthTests(ChatServer server)
{
    [Fact]
    public async Task ReadinessNamesTheMigratedDatabaseTheJobWorkersAndTheReachableProvider()
    {
        var ready = await (await ReadyAsync()).AssertOkJsonAsync();

        Assert.Equal("healthy", ready.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(ready.GetProperty("version").GetString()));
        Assert.True(ready.GetProperty("uptime_seconds").GetInt64() >= 0);
        var checks = ready.GetProperty("checks");
        var database = checks.GetProperty("database");
        Assert.Equal("healthy", database.GetProperty("status").GetString());
        Assert.Equal(server.Database == TestDatabase.Sqlite ? "sqlite" : "postgres", database.GetProperty("data").GetProperty("provider").GetString());
        Assert.Matches("^[0-9]{4}", database.GetProperty("data").GetProperty("schema_version").GetString()!);
        var jobs = checks.GetProperty("jobs");
        Assert.Equal("healthy", jobs.GetProperty("status").GetString());
        Assert.Equal((5, 2), (jobs.GetProperty("data").GetProperty("concurrency").GetInt32(), jobs.GetProperty("data").GetProperty("background_concurrency").GetInt32()));
        Assert.Equal("healthy", checks.GetProperty("model_provider").GetProperty("status").GetString());
        Assert.Equal(ChatServer.Model, checks.GetProperty("model_provider").GetProperty("data").GetProperty("model").GetString());
        Assert.DoesNotContain("Password", ready.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LivenessChecksNothingButStillAnswersJson()
    {
        var live = await (await server.CreateClient().GetAsync("/health/live")).AssertOkJsonAsync();

        Assert.Equal("healthy", live.GetProperty("status").GetString());
        Assert.Empty(live.GetProperty("checks").EnumerateObject());
    }

    /// <summary>Asks as an orchestrator does, again until ready: on PostgreSQL the job channel opens just after start-up.</summary>
    private async Task<HttpResponseMessage> ReadyAsync()
    {
        var asked = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var response = await server.CreateClient().GetAsync("/health/ready");
            if (response.IsSuccessStatusCode || asked.Elapsed > TimeSpan.FromSeconds(10))
            {
                return response;
            }

            await Task.Delay(100);
        }
    }
}

public sealed class HealthTestsOnSqlite(SqliteChatServer server) : HealthTests(server), IClassFixture<SqliteChatServer>;

public sealed class HealthTestsOnPostgres(PostgresChatServer server) : HealthTests(server), IClassFixture<PostgresChatServer>;

/// <summary>A model provider that is down: nothing listens where it should be.</summary>
public class ProviderDownServer(bool required) : ChatServer(TestDatabase.Sqlite)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("VASTAI_INSTANCE_PORT", LocalPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Health:RequireProvider", required ? "true" : "false"),
    ];
}

public sealed class OptionalProviderDownServer() : ProviderDownServer(required: false);

public sealed class RequiredProviderDownServer() : ProviderDownServer(required: true);

public sealed class ProviderDownTests(OptionalProviderDownServer server) : IClassFixture<OptionalProviderDownServer>
{
    [Fact]
    public async Task AnUnreachableProviderLeavesTheInstanceReadyButDegraded()
    {
        var ready = await (await server.CreateClient().GetAsync("/health/ready")).AssertOkJsonAsync();

        Assert.Equal("degraded", ready.GetProperty("status").GetString());
        Assert.Equal("degraded", ready.GetProperty("checks").GetProperty("model_provider").GetProperty("status").GetString());
        Assert.Equal("healthy", ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }
}

public sealed class RequiredProviderDownTests(RequiredProviderDownServer server) : IClassFixture<RequiredProviderDownServer>
{
    [Fact]
    public async Task AnUnreachableRequiredProviderMakesTheInstanceNotReady()
    {
        var response = await server.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("unhealthy", ready.GetProperty("checks").GetProperty("model_provider").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().GetAsync("/health/live")).StatusCode);
    }
}
