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

    [Fact]
    public void ALongHistoryIsCountedOnlyAsFarAsTheBudgetReaches()
    {
        var history = Chat(turns: 1000);
        var counter = new CountingCounter(Estimate);

        var fitted = ContextWindow.Fit(history, TokensPerMessage * 9, counter);

        Assert.Equal([history[0], history[1], .. history[^7..]], fitted);
        // The two pinned messages, the newest, and the older ones up to the first that no longer fits.
        Assert.Equal(2 + 1 + 7, counter.Counted);
    }

    [Fact]
    public void FittingKeepsTheLongestSuffixOfWholeTurnsThatFits()
    {
        // Mixed roles, lengths and leading system messages: the fit is checked against its definition, not an example.
        var random = new Random(20261202);
        for (var run = 0; run < 2000; run++)
        {
            var roles = new[] { ChatRole.System, ChatRole.User, ChatRole.Assistant };
            var history = Enumerable.Range(0, random.Next(1, 25))
                .Select(_ => new ChatMessage(roles[random.Next(roles.Length)], new string('x', random.Next(0, 80))))
                .ToArray();
            var budget = random.Next(1, 400);

            var fitted = ContextWindow.Fit(history, budget, Estimate);

            Assert.Equal(Expected(history, budget), fitted);
        }
    }

    /// <summary>
    /// The rule, spelled out: the pinned prefix (leading system messages and a greeting right after them) and the newest
    /// message always stay; of the rest, the oldest kept is the earliest position from which everything fits, and it is a
    /// user message unless nothing had to go.
    /// </summary>
    private static ChatMessage[] Expected(ChatMessage[] history, int budget)
    {
        var newest = history.Length - 1;
        var pinned = 0;
        while (pinned < newest && history[pinned].Role == ChatRole.System)
        {
            pinned++;
        }

        pinned += pinned < newest && history[pinned].Role == ChatRole.Assistant ? 1 : 0;
        int Total(int from) => history.Take(pinned).Concat(history.Skip(from)).Sum(m => ContextWindow.Tokens(m, Estimate));
        var from = Total(pinned) <= budget
            ? pinned
            : Enumerable.Range(pinned + 1, newest - pinned).FirstOrDefault(i => (history[i].Role == ChatRole.User || i == newest) && Total(i) <= budget, newest);
        return [.. history.Take(pinned), .. history.Skip(from)];
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
