using System.Net;
using System.Net.Sockets;
using KissChat.Inference;
using KissChat.Inference.OpenAiCompatible;
using KissChat.Tests.Fakes;

namespace KissChat.Tests.Inference;

public sealed class OpenAiCompatibleErrorTests
{
    [Fact]
    public async Task A_server_error_becomes_a_transient_failure_naming_the_status_and_body()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(500, "model crashed"));
        server.Enqueue(ModelScript.Status(500, "model crashed"));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider returned HTTP 500: model crashed", failure.Message);
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task A_client_error_is_not_transient_and_is_not_retried()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(400, "{\"error\": {\"message\": \"unknown model\"}}"));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.StartsWith("The model provider returned HTTP 400:", failure.Message);
        Assert.Contains("unknown model", failure.Message);
        Assert.False(failure.IsTransient);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task The_api_key_is_masked_when_the_provider_echoes_it_back()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(401, $"Incorrect API key provided: {ProviderClients.ApiKey}"));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider returned HTTP 401: Incorrect API key provided: ***", failure.Message);
    }

    [Fact]
    public async Task One_503_is_absorbed_by_the_single_sdk_retry()
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
    public async Task Two_503s_in_a_row_exhaust_the_single_retry()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(503, "warming up"));
        server.Enqueue(ModelScript.Status(503, "still warming up"));
        server.Enqueue(ModelScript.Stream(["never", " sent"]));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider returned HTTP 503: still warming up", failure.Message);
        Assert.True(failure.IsTransient);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_refused_connection_is_a_transient_unreachable_failure()
    {
        using var client = new OpenAiCompatibleChatClient(ProviderClients.Options(new Uri($"http://127.0.0.1:{UnusedPort()}/v1")));

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.StartsWith("Could not reach the model provider", failure.Message);
        Assert.DoesNotContain("127.0.0.1", failure.Message, StringComparison.Ordinal);
        Assert.StartsWith("127.0.0.1:", failure.OperatorDetail);
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task A_dropped_connection_mid_reply_is_reported_as_cut_off()
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

        Assert.Equal("The model's stream was cut off before it finished", failure.Message);
        Assert.False(failure.IsTransient);
        Assert.Equal(["Let", " me"], received);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_stream_that_closes_without_finishing_is_reported_as_cut_off()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.CutAfter(["Let", " me"], abort: false));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model's stream was cut off before it finished", failure.Message);
    }

    [Fact]
    public async Task A_stream_dropped_before_any_text_is_transient()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.CutAfter([]));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model's stream was cut off before it finished", failure.Message);
        Assert.True(failure.IsTransient);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_chunk_that_is_not_json_is_reported_as_malformed()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.MalformedAfter(["Fine"]));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider sent a malformed stream chunk", failure.Message);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task An_error_object_inside_the_stream_is_reported_with_its_message()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.StreamThenData([], "{\"error\": {\"code\": 502, \"message\": \"upstream provider overloaded\"}}"));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider reported an error: upstream provider overloaded", failure.Message);
        Assert.True(failure.IsTransient);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
