using KissChat.Inference;
using KissChat.Inference.Contracts;
using System.Diagnostics;
using KissChat.Tests.Fakes;

namespace KissChat.Tests.Inference;

public sealed class OpenAiCompatibleTimeoutTests
{
    [Fact]
    public async Task AProviderThatNeverAnswersFailsAfterTheFirstTokenTimeoutAndOneRetry()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Hang());
        server.Enqueue(ModelScript.Hang());
        using var client = ProviderClients.Create(ProviderClients.Options(server.Endpoint, firstTokenSeconds: 1));
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider did not respond within 1 s. Try again in a moment.", failure.Message);
        Assert.True(failure.IsTransient);
        Assert.Equal(2, server.Requests.Count);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task ARetryAfterAFirstTokenTimeoutCanStillDeliverTheReply()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Hang());
        server.Enqueue(ModelScript.Stream(["Late", " but", " here."]));
        // The retry's first token has 2 s to come: a pause of the test process on a busy CI machine must not end it too.
        using var client = ProviderClients.Create(ProviderClients.Options(server.Endpoint, firstTokenSeconds: 2, totalSeconds: 10));

        var pieces = await ProviderClients.CollectTextAsync(client);

        Assert.Equal(["Late", " but", " here."], pieces);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task AHangingProviderFailsWithinTheTotalDeadlineWhenItLeavesNoRoomForARetry()
    {
        // Issue #10 item 8: a hang took the first-token timeout twice over, whatever the total deadline said.
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Hang());
        server.Enqueue(ModelScript.Hang());
        using var client = ProviderClients.Create(ProviderClients.Options(server.Endpoint, firstTokenSeconds: 1, totalSeconds: 2.5));
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider did not respond within 1 s. Try again in a moment.", failure.Message);
        Assert.Single(server.Requests);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task ARetryAfterAServerErrorStillEndsWithinTheTotalDeadline()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(503, "warming up"));
        server.Enqueue(ModelScript.Hang());
        using var client = ProviderClients.Create(ProviderClients.Options(server.Endpoint, firstTokenSeconds: 1, totalSeconds: 3.5));
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("The model provider did not respond within 1 s. Try again in a moment.", failure.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(3.5));
    }

    [Fact]
    public async Task AStreamThatStallsAfterSomeTextFailsAfterTheIdleTimeout()
    {
        await using var server = await FakeModelServer.StartAsync();
        var never = new TaskCompletionSource();
        server.Enqueue(ModelScript.Stream(["Once", " upon"], hold: new StreamHold(AfterTokens: 2, never.Task)));
        using var client = ProviderClients.Create(ProviderClients.Options(server.Endpoint, idleSeconds: 1));
        var received = new List<string>();
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<ModelProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(ProviderClients.Conversation()))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal("The model provider stopped sending for 1 s in the middle of the reply. Try again.", failure.Message);
        Assert.False(failure.IsTransient);
        Assert.Equal(["Once", " upon"], received.Where(t => t.Length > 0));
        Assert.Single(server.Requests);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task TextThatKeepsFlowingIsNeverIdleHoweverLongTheReply()
    {
        await using var server = await FakeModelServer.StartAsync();
        // 19 pauses of 200 ms, nearly twice the idle timeout, with 1.8 s to spare between tokens: a CI run once paused
        // this process for over 750 ms, which a 1 s idle timeout against tokens 250 ms apart could not absorb.
        server.Enqueue(ModelScript.Stream(Enumerable.Repeat(" la", 20), delay: TimeSpan.FromMilliseconds(200)));
        using var client = ProviderClients.Create(ProviderClients.Options(server.Endpoint, firstTokenSeconds: 2, idleSeconds: 2));
        var clock = Stopwatch.StartNew();

        var pieces = await ProviderClients.CollectTextAsync(client);

        Assert.Equal(20, pieces.Count);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(3), $"the reply took {clock.Elapsed}, not half as long again as the idle timeout");
    }

    [Fact]
    public async Task AReplyThatKeepsTricklingFailsAfterTheTotalTimeout()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Stream(Enumerable.Repeat(" la", 40), delay: TimeSpan.FromMilliseconds(100)));
        // Idle for longer than the whole reply may take: a pause on a loaded machine cannot end it as idle first.
        using var client = ProviderClients.Create(ProviderClients.Options(server.Endpoint, idleSeconds: 2, totalSeconds: 1.5));

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model's reply did not finish within 1.5 s. Try again, or ask for a shorter reply.", failure.Message);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task CancellationByTheCallerStaysAnOperationCancelledException()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Hang());
        using var client = ProviderClients.For(server);
        // Cancelled once the model has the request (a short timer could fire before it arrives on a loaded machine).
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _ = server.FirstRequest.ContinueWith(_ => cancellation.Cancel(), TaskScheduler.Default);

        var thrown = await Record.ExceptionAsync(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(ProviderClients.Conversation(), cancellationToken: cancellation.Token))
            {
            }
        });

        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
        Assert.Single(server.Requests);
    }

    /// <summary>A thinking model sends its reasoning long before any text of the reply: it is responding, and not idle.</summary>
    [Theory]
    [InlineData("reasoning_content")]
    [InlineData("reasoning")]
    public async Task AModelThinkingLongerThanTheFirstTokenTimeoutIsNotCutOff(string field)
    {
        await using var server = await FakeModelServer.StartAsync();
        // 2.4 s of thinking in steps of 300 ms, against 1.5 s for the first token and for idling.
        server.Enqueue(ModelScript.ThinkThenStream(field, Enumerable.Repeat("Hmm, ", 8), TimeSpan.FromMilliseconds(300), ["Yes", ", a room."]));
        using var client = ProviderClients.Create(ProviderClients.Options(server.Endpoint, firstTokenSeconds: 1.5, idleSeconds: 1.5));

        var pieces = await ProviderClients.CollectTextAsync(client);

        Assert.Equal(["Yes", ", a room."], pieces);
        Assert.Single(server.Requests);
    }
}
