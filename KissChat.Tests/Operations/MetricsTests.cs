using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using KissChat.Tests.Chats;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Operations;

/// <summary>Prometheus at /metrics behind a bearer token; paid replies, so coins move.</summary>
public sealed class MeteredChatServer() : ChatServer(TestDatabase.Sqlite)
{
    public const string MetricsToken = "scrape-secret";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("Metrics:Prometheus", "true"),
        new("Metrics:BearerToken", MetricsToken),
        new("CREDITS_ENABLED", "true"),
        new("Credits:CostPerReply", "1"),
    ];
}

/// <summary>
/// A metrics listener hears every meter of its name in the process, and OpenTelemetry drops a metric once any of the
/// same-named instruments is disposed: another test server stopping meanwhile would take KissChat's metrics with it.
/// These tests therefore run alone, after the others.
/// </summary>
[CollectionDefinition(nameof(AloneInTheProcess), DisableParallelization = true)]
public sealed class AloneInTheProcess;

/// <summary>KissChat's own metrics, scraped as Prometheus does; figures are compared before and after each step.</summary>
[Collection(nameof(AloneInTheProcess))]
public sealed class MetricsTests(MeteredChatServer server) : IClassFixture<MeteredChatServer>
{
    private const string Reply = "kisschat_jobs_ended_total{otel_scope_name=\"KissChat\",kind=\"chat.reply\",status=";
    private const string ReadAhead = "kisschat_replies_prompts_read_ahead_total{otel_scope_name=\"KissChat\",outcome=";
    private const string FakeModel = "model=\"fake/model-7b\",provider=\"vastai\"";

    [Fact]
    public async Task AStreamedReplyIsCountedWithItsTimeToFirstTokenItsPaceAndItsCoin()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var before = await ScrapeAsync();

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "Do you have a room?");
        await ChatScenario.WaitForJobAsync(user, ChatScenario.JobId(frames));

        var after = await ScrapeAsync();
        Assert.True(Value(after, Reply + "\"completed\"}") >= Value(before, Reply + "\"completed\"}") + 1, after);
        Assert.True(Value(after, Sample("kisschat_model_time_to_first_token_seconds_count")) >= Value(before, Sample("kisschat_model_time_to_first_token_seconds_count")) + 1, after);
        Assert.True(Value(after, Sample("kisschat_model_tokens_per_second_count")) >= Value(before, Sample("kisschat_model_tokens_per_second_count")) + 1, after);
        Assert.True(Value(after, "kisschat_coins_charged_total{otel_scope_name=\"KissChat\"}") >= Value(before, "kisschat_coins_charged_total{otel_scope_name=\"KissChat\"}") + 1, after);
        // The reply's prompt was read while its message was stored, and its job took that read.
        Assert.True(Value(after, ReadAhead + "\"used\"}") >= Value(before, ReadAhead + "\"used\"}") + 1, after);
        Assert.Contains("kisschat_jobs_running{otel_scope_name=\"KissChat\",lane=\"interactive\"}", after);
        Assert.Contains("kisschat_jobs_running{otel_scope_name=\"KissChat\",lane=\"background\"}", after);
        Assert.Contains("kisschat_jobs_waiting{otel_scope_name=\"KissChat\",lane=\"interactive\"}", after);
        Assert.Contains("kisschat_sse_streams{", after);
        Assert.Contains("http_server_request_duration_seconds_count{", after);
    }

    /// <summary>A reply cut at its length limit is read no further, yet the pace of what the model made is measured.</summary>
    [Fact]
    public async Task AReplyCutAtItsLengthLimitIsMeasuredToo()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var before = await ScrapeAsync();
        server.ModelServer.Enqueue(ModelScript.Stream(["A model that ", "ignores its limit ", "goes on ", "and on."]));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "Talk.", new { max_tokens = 1 });
        await ChatScenario.WaitForJobAsync(user, ChatScenario.JobId(frames));

        Assert.Equal("A model that ign", frames[^2].Json.GetProperty("response").GetString());
        var after = await ScrapeAsync();
        Assert.True(Value(after, Sample("kisschat_model_tokens_per_second_count")) >= Value(before, Sample("kisschat_model_tokens_per_second_count")) + 1, after);
    }

    [Fact]
    public async Task AProviderFailureIsCountedByKindAndItsReplyAsFailedAndRefunded()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var before = await ScrapeAsync();
        server.ModelServer.Enqueue(ModelScript.Status(401, "{\"error\":{\"message\":\"bad key\"}}"));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "Hello?");
        await ChatScenario.WaitForJobAsync(user, ChatScenario.JobId(frames));

        var after = await ScrapeAsync();
        var failures = "kisschat_model_failures_total{otel_scope_name=\"KissChat\",kind=\"unauthorized\"," + FakeModel + "}";
        Assert.True(Value(after, failures) >= Value(before, failures) + 1, after);
        Assert.True(Value(after, Reply + "\"failed\"}") >= Value(before, Reply + "\"failed\"}") + 1, after);
        Assert.True(Value(after, "kisschat_coins_refunded_total{otel_scope_name=\"KissChat\"}") >= Value(before, "kisschat_coins_refunded_total{otel_scope_name=\"KissChat\"}") + 1, after);
    }

    [Fact]
    public async Task ALockedOutLoginIsCountedAsARateLimitRejection()
    {
        var user = await TestUser.SignUpAsync(server);
        var before = await ScrapeAsync();

        for (var attempt = 0; attempt < 6; attempt++)
        {
            await server.CreateClient().PostAsync("/api/v1/auth/login", System.Net.Http.Json.JsonContent.Create(new { email = user.Email, password = "wrong password", method = "email" }));
        }

        var after = await ScrapeAsync();
        var lockouts = "kisschat_rate_limit_rejections_total{otel_scope_name=\"KissChat\",policy=\"login_lockout\"}";
        Assert.True(Value(after, lockouts) >= Value(before, lockouts) + 1, after);
    }

    [Fact]
    public async Task TheMetricsNeedTheBearerToken()
    {
        using var client = server.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);
    }

    private static string Sample(string name) => name + "{otel_scope_name=\"KissChat\"," + FakeModel + "}";

    private async Task<string> ScrapeAsync()
    {
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MeteredChatServer.MetricsToken);
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of one sample (its name and labels exactly as exposed); 0 while it has not been recorded.</summary>
    private static double Value(string exposition, string sample) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(sample + " ", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(sample.Length + 1)..].Split(' ')[0], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Single();
}

public sealed class MetricsOffTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task WithoutMetricsPrometheusThereIsNoMetricsEndpoint()
    {
        var response = await server.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
