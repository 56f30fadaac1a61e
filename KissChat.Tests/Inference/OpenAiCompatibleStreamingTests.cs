using KissChat.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace KissChat.Tests.Inference;

public sealed class OpenAiCompatibleStreamingTests
{
    [Fact]
    public async Task TokensArriveInOrderAndOnlyContentBecomesText()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Stream(["Of", " course", ", dear", " guest."]));
        using var client = ProviderClients.For(server);

        var updates = await ProviderClients.CollectAsync(client);

        // The keep-alive comment, role-only, finish and usage-only chunks must add no text.
        Assert.Equal(["Of", " course", ", dear", " guest."], updates.Select(u => u.Text).Where(t => t.Length > 0));
        Assert.Equal("Of course, dear guest.", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task UpdatesAreAssistantTextTaggedWithTheRequestedModel()
    {
        await using var server = await FakeModelServer.StartAsync();
        using var client = ProviderClients.For(server);

        var updates = await ProviderClients.CollectAsync(client, new ChatOptions { ModelId = "other-model" });

        Assert.NotEmpty(updates);
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.All(updates, u => Assert.Equal("other-model", u.ModelId));
        Assert.Equal("other-model", Assert.Single(server.Requests).Model);
    }

    [Fact]
    public async Task TheFirstTokenIsYieldedWhileTheProviderIsStillStreaming()
    {
        await using var server = await FakeModelServer.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Enqueue(ModelScript.Stream(["First", " second"], hold: new StreamHold(AfterTokens: 1, release.Task)));
        using var client = ProviderClients.For(server);

        await using var updates = client.GetStreamingResponseAsync(ProviderClients.Conversation()).GetAsyncEnumerator();
        var first = ProviderClients.NextTextAsync(updates);
        var winner = await Task.WhenAny(first, Task.Delay(TimeSpan.FromSeconds(5)));

        Assert.Same(first, winner);
        Assert.Equal("First", await first);
        Assert.False(release.Task.IsCompleted);

        release.SetResult();
        Assert.Equal(" second", await ProviderClients.NextTextAsync(updates));
        Assert.Null(await ProviderClients.NextTextAsync(updates));
    }

    [Fact]
    public async Task TheRequestAsksToStreamAndCarriesModelLimitsMessagesAndBearerToken()
    {
        await using var server = await FakeModelServer.StartAsync();
        using var client = ProviderClients.For(server);

        await ProviderClients.CollectTextAsync(client, new ChatOptions { ModelId = "chosen-model", MaxOutputTokens = 321, Temperature = 0.25f });

        var request = Assert.Single(server.Requests);
        Assert.True(request.Stream);
        Assert.Equal("chosen-model", request.Model);
        Assert.Equal(321, request.MaxTokens);
        Assert.False(request.Body.TryGetProperty("max_completion_tokens", out _), "Ollama, llama.cpp and older vLLM read max_tokens only.");
        Assert.Equal(0.25, request.Temperature!.Value, precision: 5);
        Assert.Equal($"Bearer {ProviderClients.ApiKey}", request.Authorization);
        Assert.Equal(
            [new("system", "You are Mira, a cheerful innkeeper."), new("assistant", "Welcome, traveller!"), new("user", "Do you have a room?")],
            request.Messages);
    }

    [Fact]
    public async Task WithoutChatOptionsTheConfiguredModelMaxTokensAndTemperatureAreSent()
    {
        await using var server = await FakeModelServer.StartAsync();
        var options = ProviderClients.Options(server.Endpoint);
        using var client = ProviderClients.Create(options);

        await ProviderClients.CollectTextAsync(client);

        var request = Assert.Single(server.Requests);
        Assert.Equal(ProviderClients.Model, request.Model);
        Assert.Equal(options.MaxTokens, request.MaxTokens);
        Assert.Equal(options.Temperature, request.Temperature!.Value, precision: 5);
    }

    [Fact]
    public async Task SamplerSettingsAreSentUnderTheNamesCompatibleServersRead()
    {
        await using var server = await FakeModelServer.StartAsync();
        using var client = ProviderClients.For(server);
        var options = new ChatOptions
        {
            TopP = 0.9f,
            TopK = 40,
            FrequencyPenalty = 0.5f,
            PresencePenalty = 0.25f,
            Seed = 1234,
            StopSequences = ["\nUser:", "</s>"],
            AdditionalProperties = new() { ["min_p"] = 0.05, ["repetition_penalty"] = 1.1, ["top_k"] = 7 },
        };

        await ProviderClients.CollectTextAsync(client, options);

        var body = Assert.Single(server.Requests).Body;
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble(), precision: 5);
        Assert.Equal(40, body.GetProperty("top_k").GetInt32());
        Assert.Equal(0.05, body.GetProperty("min_p").GetDouble(), precision: 5);
        Assert.Equal(0.5, body.GetProperty("frequency_penalty").GetDouble(), precision: 5);
        Assert.Equal(0.25, body.GetProperty("presence_penalty").GetDouble(), precision: 5);
        Assert.Equal(1.1, body.GetProperty("repetition_penalty").GetDouble(), precision: 5);
        Assert.Equal(1234, body.GetProperty("seed").GetInt64());
        Assert.Equal(["\nUser:", "</s>"], body.GetProperty("stop").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task SamplersThatWereNotSetAreLeftToTheServer()
    {
        await using var server = await FakeModelServer.StartAsync();
        using var client = ProviderClients.For(server);

        await ProviderClients.CollectTextAsync(client, new ChatOptions { AdditionalProperties = new() { ["top_k"] = 20 } });

        var body = Assert.Single(server.Requests).Body;
        Assert.Equal(20, body.GetProperty("top_k").GetInt32());
        foreach (var name in new[] { "top_p", "min_p", "frequency_penalty", "presence_penalty", "repetition_penalty", "seed", "stop" })
        {
            Assert.False(body.TryGetProperty(name, out _), $"{name} was sent without being set.");
        }
    }

    [Fact]
    public async Task TokenUsageReportedByTheProviderArrivesAsUsageContent()
    {
        await using var server = await FakeModelServer.StartAsync();
        using var client = ProviderClients.For(server);

        var updates = await ProviderClients.CollectAsync(client);

        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(12, usage.InputTokenCount);
        Assert.Equal(5, usage.OutputTokenCount);
        Assert.True(Assert.Single(server.Requests).Body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task AnEmptyTokenSendsNoAuthorizationHeader()
    {
        await using var server = await FakeModelServer.StartAsync();
        using var client = ProviderClients.Create(ProviderClients.Options(server.Endpoint, apiKey: ""));

        var pieces = await ProviderClients.CollectTextAsync(client);

        Assert.NotEmpty(pieces);
        Assert.Null(Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task TheOneShotCallReturnsTheWholeStreamedReply()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Stream(["Room", " seven", " is", " free."]));
        using var client = ProviderClients.For(server);

        var response = await client.GetResponseAsync(ProviderClients.Conversation());

        Assert.Equal("Room seven is free.", response.Text);
        Assert.Equal(17, response.Usage?.TotalTokenCount);
        Assert.True(Assert.Single(server.Requests).Stream);
    }
}
