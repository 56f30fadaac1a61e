using System.Diagnostics;
using KissChat.Inference;
using Microsoft.Extensions.AI;

namespace KissChat.Tests.Inference;

public sealed class DemoChatClientTests
{
    [Fact]
    public async Task TheDemoReplyStreamsWordByWordAndIsLabelled()
    {
        using var client = new DemoChatClient(TimeSpan.Zero);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new(ChatRole.User, "Hello there")]))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count > 5);
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        var text = string.Concat(updates.Select(u => u.Text));
        Assert.StartsWith("[demo model]", text);
        Assert.Contains("No AI provider is configured", text);
    }

    [Fact]
    public async Task TheDemoReplyQuotesTheLatestUserMessage()
    {
        using var client = new DemoChatClient(TimeSpan.Zero);
        ChatMessage[] history =
        [
            new(ChatRole.System, "You are a pirate."),
            new(ChatRole.User, "first question"),
            new(ChatRole.Assistant, "Arr."),
            new(ChatRole.User, "Where is   the\ntreasure?"),
        ];

        var response = await client.GetResponseAsync(history);

        Assert.Contains("You said: \"Where is the treasure?\"", response.Text);
        Assert.DoesNotContain("first question", response.Text);
    }

    [Fact]
    public async Task TheDemoWaitsTheConfiguredDelayBetweenWords()
    {
        using var client = new DemoChatClient(TimeSpan.FromMilliseconds(20));
        var clock = Stopwatch.StartNew();

        var response = await client.GetResponseAsync([new(ChatRole.User, "hi")]);

        var words = response.Text.Split(' ').Length;
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(15 * words), $"{words} words took only {clock.Elapsed}");
    }

    [Fact]
    public async Task TheDemoStopsWhenTheCallerCancels()
    {
        using var client = new DemoChatClient(TimeSpan.FromMilliseconds(50));
        using var cancellation = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync([new(ChatRole.User, "hi")], cancellationToken: cancellation.Token))
            {
                received++;
                await cancellation.CancelAsync();
            }
        });
        Assert.Equal(1, received);
    }

    [Fact]
    public void TheDemoClientDescribesItselfAsTheDemoProvider()
    {
        using var client = new DemoChatClient(TimeSpan.Zero);

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal("demo", metadata?.ProviderName);
        Assert.Equal(DemoChatClient.ModelId, metadata?.DefaultModelId);
    }
}
