using KissChat.Inference.Contracts;
using KissChat.Tests.Chats;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KissChat.Tests.Inference;

/// <summary>
/// Replies reach a plain-http model in HTTP/1.1, a connection each, unless Inference:CleartextHttp2 says the model
/// speaks HTTP/2 at once: then they are streams sharing one connection.
/// </summary>
public sealed class ModelConnectionTests(ModelConnectionTests.Http2ModelChatServer server) : IClassFixture<ModelConnectionTests.Http2ModelChatServer>
{
    private const int Replies = 3;

    [Fact]
    public async Task RepliesStreamedAtOnceTakeAConnectionEachInHttp11ByDefault()
    {
        await using var model = await FakeModelServer.StartAsync();

        var requests = await StreamAtOnceAsync(model, ProviderClients.Options(model.Endpoint));

        Assert.All(requests, request => Assert.Equal("HTTP/1.1", request.Protocol));
        Assert.Equal(Replies, requests.Select(request => request.ConnectionId).Distinct().Count());
    }

    [Fact]
    public async Task WithCleartextHttp2RepliesStreamedAtOnceShareOneConnection()
    {
        await using var model = await FakeModelServer.StartAsync(HttpProtocols.Http2);

        var requests = await StreamAtOnceAsync(model, ProviderClients.Options(model.Endpoint, cleartextHttp2: true));

        Assert.All(requests, request => Assert.Equal("HTTP/2", request.Protocol));
        Assert.Single(requests.Select(request => request.ConnectionId).Distinct());
    }

    [Fact]
    public async Task AnHttp2StreamResetMidReplyIsReportedAsCutOff()
    {
        await using var model = await FakeModelServer.StartAsync(HttpProtocols.Http2);
        model.Enqueue(ModelScript.CutAfter(["Let", " me"]));
        using var client = ProviderClients.Create(ProviderClients.Options(model.Endpoint, cleartextHttp2: true));
        var received = new List<string>();

        // Over HTTP/2 the cut is a reset of the reply's stream, not a closed socket: it must read the same.
        var failure = await Assert.ThrowsAsync<ModelProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(ProviderClients.Conversation()))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal("The model's stream was cut off before it finished. Try again.", failure.Message);
        Assert.Equal(["Let", " me"], received.Where(t => t.Length > 0));
        Assert.Equal("HTTP/2", Assert.Single(model.Requests).Protocol);
    }

    [Fact]
    public async Task TheSettingCarriesAWholeReplyToAModelThatSpeaksOnlyHttp2()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        server.ModelServer.Enqueue(ModelScript.Stream(["Over", " one", " stream."]));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "which protocol?");

        Assert.Equal("completed", frames[^2].Status);
        Assert.Equal("Over one stream.", ChatScenario.Tokens(frames));
        Assert.Equal("HTTP/2", server.ModelServer.Requests[^1].Protocol);
    }

    [Fact]
    public async Task TheProvidersHealthProbeAsksInHttp2Too()
    {
        var ready = await (await server.CreateClient().GetAsync("/health/ready")).AssertOkJsonAsync();

        Assert.Equal("healthy", ready.GetProperty("checks").GetProperty("model_provider").GetProperty("status").GetString());
    }

    /// <summary>Streams <see cref="Replies"/> replies, each held by the model after its first token until all have one; answers what the model saw.</summary>
    private static async Task<List<RecordedRequest>> StreamAtOnceAsync(FakeModelServer model, InferenceOptions options)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < Replies; i++)
        {
            model.Enqueue(ModelScript.Stream(["Held", " then done."], hold: new StreamHold(AfterTokens: 1, release.Task)));
        }

        using var client = ProviderClients.Create(options);
        var replies = Enumerable.Range(0, Replies).Select(_ => client.GetStreamingResponseAsync(ProviderClients.Conversation()).GetAsyncEnumerator()).ToList();
        try
        {
            // Every reply has its first token, so every request is open at the model at the same time.
            Assert.All(await Task.WhenAll(replies.Select(ProviderClients.NextTextAsync)), text => Assert.Equal("Held", text));
            var requests = model.Requests.ToList();
            release.SetResult();
            foreach (var reply in replies)
            {
                while (await reply.MoveNextAsync())
                {
                }
            }

            Assert.Equal(Replies, requests.Count);
            return requests;
        }
        finally
        {
            release.TrySetResult();
            foreach (var reply in replies)
            {
                await reply.DisposeAsync();
            }
        }
    }

    /// <summary>KissChat in front of a model that speaks HTTP/2 without TLS and nothing else, told so.</summary>
    public sealed class Http2ModelChatServer() : ChatServer(TestDatabase.Sqlite)
    {
        protected override HttpProtocols ModelProtocols => HttpProtocols.Http2;

        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [.. base.Settings(), new("Inference:CleartextHttp2", "true")];
    }
}
