using KissChat.Inference.OpenAiCompatible;
using KissChat.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace KissChat.Tests.Inference;

public sealed class OpenAiCompatibleStreamingTests
{
    [Fact]
    public async Task Tokens_arrive_in_order_and_only_content_becomes_updates()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Stream(["Of", " course", ", dear", " guest."]));
        using var client = ProviderClients.For(server);

        var pieces = await ProviderClients.CollectTextAsync(client);

        // The keep-alive comment, role-only, finish and usage-only chunks must not produce updates.
        Assert.Equal(["Of", " course", ", dear", " guest."], pieces);
    }

    [Fact]
    public async Task Updates_are_assistant_text_tagged_with_the_model()
    {
        await using var server = await FakeModelServer.StartAsync();
        using var client = ProviderClients.For(server);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(ProviderClients.Conversation(), new ChatOptions { ModelId = "other-model" }))
        {
            updates.Add(update);
        }

        Assert.NotEmpty(updates);
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.All(updates, u => Assert.Equal("other-model", u.ModelId));
    }

    [Fact]
    public async Task The_first_token_is_yielded_while_the_provider_is_still_streaming()
    {
        await using var server = await FakeModelServer.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Enqueue(ModelScript.Stream(["First", " second"], hold: new StreamHold(AfterTokens: 1, release.Task)));
        using var client = ProviderClients.For(server);

        await using var updates = client.GetStreamingResponseAsync(ProviderClients.Conversation()).GetAsyncEnumerator();
        var first = updates.MoveNextAsync().AsTask();
        var winner = await Task.WhenAny(first, Task.Delay(TimeSpan.FromSeconds(5)));

        Assert.Same(first, winner);
        Assert.True(await first);
        Assert.Equal("First", updates.Current.Text);
        Assert.False(release.Task.IsCompleted);

        release.SetResult();
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal(" second", updates.Current.Text);
        Assert.False(await updates.MoveNextAsync());
    }

    [Fact]
    public async Task The_request_asks_to_stream_and_carries_model_limits_messages_and_bearer_token()
    {
        await using var server = await FakeModelServer.StartAsync();
        using var client = ProviderClients.For(server);

        await ProviderClients.CollectTextAsync(client, new ChatOptions { ModelId = "chosen-model", MaxOutputTokens = 321, Temperature = 0.25f });

        var request = Assert.Single(server.Requests);
        Assert.True(request.Stream);
        Assert.Equal("chosen-model", request.Model);
        Assert.Equal(321, request.MaxTokens);
        Assert.Equal(0.25, request.Temperature!.Value, precision: 5);
        Assert.Equal($"Bearer {ProviderClients.ApiKey}", request.Authorization);
        Assert.Equal(
            [new("system", "You are Mira, a cheerful innkeeper."), new("assistant", "Welcome, traveller!"), new("user", "Do you have a room?")],
            request.Messages);
    }

    [Fact]
    public async Task Without_chat_options_the_configured_model_max_tokens_and_temperature_are_sent()
    {
        await using var server = await FakeModelServer.StartAsync();
        var options = ProviderClients.Options(server.Endpoint);
        using var client = new OpenAiCompatibleChatClient(options);

        await ProviderClients.CollectTextAsync(client);

        var request = Assert.Single(server.Requests);
        Assert.Equal(ProviderClients.Model, request.Model);
        Assert.Equal(options.MaxTokens, request.MaxTokens);
        Assert.Equal(options.Temperature, request.Temperature!.Value, precision: 5);
    }

    [Fact]
    public async Task An_empty_token_sends_no_authorization_header()
    {
        await using var server = await FakeModelServer.StartAsync();
        using var client = new OpenAiCompatibleChatClient(ProviderClients.Options(server.Endpoint, apiKey: ""));

        var pieces = await ProviderClients.CollectTextAsync(client);

        Assert.NotEmpty(pieces);
        Assert.Null(Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task The_one_shot_call_returns_the_whole_streamed_reply()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Stream(["Room", " seven", " is", " free."]));
        using var client = ProviderClients.For(server);

        var response = await client.GetResponseAsync(ProviderClients.Conversation());

        Assert.Equal("Room seven is free.", response.Text);
        Assert.True(Assert.Single(server.Requests).Stream);
    }
}
