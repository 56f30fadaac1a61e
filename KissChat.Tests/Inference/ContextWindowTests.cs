using KissChat.Inference.Contracts;
using KissChat.Inference.Tokens;
using Microsoft.Extensions.AI;

namespace KissChat.Tests.Inference;

public sealed class ContextWindowTests
{
    // 40 characters: 10 tokens of text plus 4 of per-message overhead.
    private static readonly string Sentence = new('x', 40);
    private const int TokensPerMessage = 14;
    private static readonly ITokenCounter Estimate = TokenCounters.For(TokenCounting.Estimate);

    [Fact]
    public void TheEstimateIsAQuarterOfTheCharactersRoundedUpPlusOverhead()
    {
        Assert.Equal(4, ContextWindow.Tokens(new ChatMessage(ChatRole.User, ""), Estimate));
        Assert.Equal(5, ContextWindow.Tokens(new ChatMessage(ChatRole.User, "a"), Estimate));
        Assert.Equal(TokensPerMessage, ContextWindow.Tokens(new ChatMessage(ChatRole.User, Sentence), Estimate));
    }

    [Theory]
    [InlineData(TokenCounting.O200k, 2)]
    [InlineData(TokenCounting.Cl100k, 2)]
    [InlineData(TokenCounting.Estimate, 3)]
    public void TheConfiguredTokenizerCounts(string tokenizer, int tokens) =>
        Assert.Equal(tokens, TokenCounters.For(tokenizer).Count("Hello world"));

    [Fact]
    public void AHistoryThatFitsIsReturnedUnchanged()
    {
        var history = Chat(turns: 3);

        Assert.Equal(history, ContextWindow.Fit(history, 10_000, Estimate));
    }

    [Fact]
    public void OldestTurnsAreDroppedFirstKeepingSystemGreetingAndNewest()
    {
        var history = Chat(turns: 6); // system, greeting, then u1 a1 ... u6 a6, u7

        var fitted = ContextWindow.Fit(history, TokensPerMessage * 7, Estimate);

        Assert.Equal([history[0], history[1], history[10], history[11], history[12], history[13], history[14]], fitted);
    }

    [Fact]
    public void TheResultStaysWithinTheBudget()
    {
        var history = Chat(turns: 20);

        foreach (var budget in new[] { 50, 100, 137, 250, 400 })
        {
            var fitted = ContextWindow.Fit(history, budget, Estimate);
            Assert.True(fitted.Sum(m => ContextWindow.Tokens(m, Estimate)) <= budget, $"budget {budget} exceeded");
        }
    }

    [Fact]
    public void KeptMessagesKeepTheirOriginalOrder()
    {
        var history = Chat(turns: 20);

        var fitted = ContextWindow.Fit(history, 150, Estimate);

        var positions = fitted.Select(m => history.ToList().IndexOf(m)).ToList();
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void WholeTurnsAreDroppedSoNoReplyIsKeptWithoutItsQuestion()
    {
        var history = Chat(turns: 6);

        // There is room for one message besides the pinned ones and the newest. Dropping single
        // messages would keep the last assistant reply; dropping whole turns keeps nothing extra.
        var fitted = ContextWindow.Fit(history, (TokensPerMessage * 4) + 1, Estimate);

        Assert.Equal([history[0], history[1], history[14]], fitted);
    }

    [Fact]
    public void PinnedMessagesAndTheNewestSurviveEvenAnImpossibleBudget()
    {
        var history = Chat(turns: 4);

        var fitted = ContextWindow.Fit(history, 1, Estimate);

        Assert.Equal([history[0], history[1], history[^1]], fitted);
    }

    [Fact]
    public void WithoutAGreetingOnlyTheSystemPromptIsPinned()
    {
        ChatMessage[] history =
        [
            new(ChatRole.System, Sentence),
            new(ChatRole.User, Sentence),
            new(ChatRole.Assistant, Sentence),
            new(ChatRole.User, Sentence),
        ];

        var fitted = ContextWindow.Fit(history, TokensPerMessage * 2, Estimate);

        Assert.Equal([history[0], history[3]], fitted);
    }

    [Fact]
    public void AnEmptyHistoryStaysEmpty()
    {
        Assert.Empty(ContextWindow.Fit([], 100, Estimate));
    }

    /// <summary>System prompt, greeting, then <paramref name="turns"/> user/assistant pairs and a final user message.</summary>
    private static ChatMessage[] Chat(int turns) =>
    [
        new(ChatRole.System, Sentence),
        new(ChatRole.Assistant, Sentence),
        .. Enumerable.Range(0, turns).SelectMany(_ => new ChatMessage[] { new(ChatRole.User, Sentence), new(ChatRole.Assistant, Sentence) }),
        new(ChatRole.User, Sentence),
    ];
}
