using KissChat.Inference;
using KissChat.Inference.Contracts;
using System.Net;
using System.Net.Sockets;
using KissChat.Tests.Fakes;

namespace KissChat.Tests.Inference;

public sealed class OpenAiCompatibleErrorTests
{
    [Fact]
    public async Task AServerErrorIsATransientFailureThatTellsTheUserWhatToDo()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(500, "model crashed"));
        server.Enqueue(ModelScript.Status(500, "model crashed"));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider is having trouble (HTTP 500). Try again in a moment.", failure.Message);
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task TheProvidersErrorTextGoesToTheOperatorDetailNotTheMessage()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(400, "{\"error\": {\"message\": \"unknown model\"}}"));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider rejected the request (HTTP 400). Try a shorter message or another model.", failure.Message);
        Assert.Equal($"127.0.0.1:{server.Port}: HTTP 400: {{\"error\": {{\"message\": \"unknown model\"}}}}", failure.OperatorDetail);
        Assert.False(failure.IsTransient);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("{\"error\": {\"message\": \"This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.\", \"code\": \"context_length_exceeded\"}}")]
    [InlineData("request (9000 tokens) exceeds the available context size (8192 tokens), try increasing it")]
    public async Task APromptOverTheModelsContextWindowIsSaidToBeTooLong(string body)
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(400, body));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.StartsWith("The prompt is longer than the model can read (HTTP 400: over its context window).", failure.Message, StringComparison.Ordinal);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task ABusyProvidersRetryAfterIsWaitedBeforeTheRetry()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(429, "slow down", retryAfter: "2"));
        server.Enqueue(ModelScript.Stream(["Ready."]));
        using var client = ProviderClients.For(server);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(["Ready."], await ProviderClients.CollectTextAsync(client));

        Assert.Equal(2, server.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task ARetryAfterLongerThanTheReplysDeadlineIsPassedOnToTheUser()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(429, "slow down", retryAfter: "120"));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider is too busy to answer (HTTP 429). Try again in 120 s.", failure.Message);
        Assert.Equal(TimeSpan.FromSeconds(120), failure.RetryAfter);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task TheApiKeyIsMaskedWhenTheProviderEchoesItBack()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(401, $"Incorrect API key provided: {ProviderClients.ApiKey}"));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider refused this server's credentials (HTTP 401). Ask the operator to check the API key or token.", failure.Message);
        Assert.EndsWith("HTTP 401: Incorrect API key provided: ***", failure.OperatorDetail);
        Assert.DoesNotContain(ProviderClients.ApiKey, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One503IsAbsorbedByTheSingleRetry()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(503, "warming up"));
        server.Enqueue(ModelScript.Stream(["Ready", " now."]));
        using var client = ProviderClients.For(server);

        var pieces = await ProviderClients.CollectTextAsync(client);

        Assert.Equal(["Ready", " now."], pieces);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Two503sInARowExhaustTheSingleRetry()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(503, "warming up"));
        server.Enqueue(ModelScript.Status(503, "still warming up"));
        server.Enqueue(ModelScript.Stream(["never", " sent"]));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider is having trouble (HTTP 503). Try again in a moment.", failure.Message);
        Assert.EndsWith("HTTP 503: still warming up", failure.OperatorDetail);
        Assert.True(failure.IsTransient);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task ARefusedConnectionIsATransientUnreachableFailure()
    {
        using var client = ProviderClients.Create(ProviderClients.Options(new Uri($"http://127.0.0.1:{UnusedPort()}/v1")));

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("Could not reach the model provider; it may be down or its address may be wrong. Try again later.", failure.Message);
        Assert.StartsWith("127.0.0.1:", failure.OperatorDetail);
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task ADroppedConnectionMidReplyIsReportedAsCutOffAndNotRetried()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.CutAfter(["Let", " me"]));
        using var client = ProviderClients.For(server);
        var received = new List<string>();

        var failure = await Assert.ThrowsAsync<ModelProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(ProviderClients.Conversation()))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal("The model's stream was cut off before it finished. Try again.", failure.Message);
        Assert.False(failure.IsTransient);
        Assert.Equal(["Let", " me"], received.Where(t => t.Length > 0));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AStreamThatClosesWithoutFinishingIsReportedAsCutOff()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.CutAfter(["Let", " me"], abort: false));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model's stream was cut off before it finished. Try again.", failure.Message);
    }

    [Fact]
    public async Task AStreamDroppedBeforeAnyTextIsTriedOnceMore()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.CutAfter([]));
        server.Enqueue(ModelScript.Stream(["Second", " try."]));
        using var client = ProviderClients.For(server);

        var pieces = await ProviderClients.CollectTextAsync(client);

        Assert.Equal(["Second", " try."], pieces);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task AStreamDroppedTwiceBeforeAnyTextIsATransientFailure()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.CutAfter([]));
        server.Enqueue(ModelScript.CutAfter([]));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model's stream was cut off before it finished. Try again.", failure.Message);
        Assert.True(failure.IsTransient);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task AChunkThatIsNotJsonIsReportedAsMalformed()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.MalformedAfter(["Fine"]));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider sent a malformed stream chunk. Try again, or choose another model.", failure.Message);
        Assert.False(failure.IsTransient);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AnErrorObjectInsideTheStreamIsReportedClearlyWithItsTextForTheOperator()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.StreamThenData(["Once"], "{\"error\": {\"code\": 502, \"message\": \"upstream provider overloaded\"}}"));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider reported an error instead of finishing the reply. Try again in a moment.", failure.Message);
        Assert.EndsWith("error 502: upstream provider overloaded", failure.OperatorDetail);
        Assert.False(failure.IsTransient);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ATransientErrorObjectBeforeAnyTextIsTriedOnceMore()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.StreamThenData([], "{\"error\": {\"code\": 502, \"message\": \"upstream provider overloaded\"}}"));
        server.Enqueue(ModelScript.StreamThenData([], "{\"error\": {\"code\": 502, \"message\": \"upstream provider overloaded\"}}"));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.True(failure.IsTransient);
        Assert.Equal(2, server.Requests.Count);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
