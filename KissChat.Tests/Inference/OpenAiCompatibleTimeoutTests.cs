using System.Diagnostics;
using KissChat.Inference;
using KissChat.Inference.OpenAiCompatible;
using KissChat.Tests.Fakes;

namespace KissChat.Tests.Inference;

public sealed class OpenAiCompatibleTimeoutTests
{
    [Fact]
    public async Task A_provider_that_never_answers_fails_after_the_first_token_timeout()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Hang());
        using var client = new OpenAiCompatibleChatClient(ProviderClients.Options(server.Endpoint, firstTokenSeconds: 1));
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider did not respond within 1 s", failure.Message);
        Assert.True(failure.IsTransient);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_stream_that_stalls_after_some_text_fails_after_the_idle_timeout()
    {
        await using var server = await FakeModelServer.StartAsync();
        var never = new TaskCompletionSource();
        server.Enqueue(ModelScript.Stream(["Once", " upon"], hold: new StreamHold(AfterTokens: 2, never.Task)));
        using var client = new OpenAiCompatibleChatClient(ProviderClients.Options(server.Endpoint, idleSeconds: 1));
        var received = new List<string>();
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<ModelProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(ProviderClients.Conversation()))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal("The model provider stopped sending for 1 s in the middle of the reply", failure.Message);
        Assert.False(failure.IsTransient);
        Assert.Equal(["Once", " upon"], received);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_reply_that_keeps_trickling_fails_after_the_total_timeout()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Stream(Enumerable.Repeat(" la", 40), delay: TimeSpan.FromMilliseconds(100)));
        using var client = new OpenAiCompatibleChatClient(ProviderClients.Options(server.Endpoint, idleSeconds: 1, totalSeconds: 1.5));

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model's reply did not finish within 1.5 s", failure.Message);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_stays_an_operation_cancelled_exception()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Hang());
        using var client = ProviderClients.For(server);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var thrown = await Record.ExceptionAsync(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(ProviderClients.Conversation(), cancellationToken: cancellation.Token))
            {
            }
        });

        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
    }
}
