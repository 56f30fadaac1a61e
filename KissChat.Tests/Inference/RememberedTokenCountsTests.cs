using KissChat.Inference.Contracts;
using KissChat.Inference.Tokens;

namespace KissChat.Tests.Inference;

public sealed class RememberedTokenCountsTests
{
    private static readonly string Long = string.Join(' ', Enumerable.Repeat("The tide comes in over the harbour wall.", 4));

    [Fact]
    public void ALongTextIsTokenizedOnceAcrossPrompts()
    {
        var tokenizer = new CountingCounter(TokenCounters.For(TokenCounting.O200k));
        using var remembered = new RememberedTokenCounts(tokenizer, capacity: 100);

        var first = remembered.Count(Long);
        var again = remembered.Count(new string(Long.AsSpan()));

        Assert.Equal(tokenizer.Inner.Count(Long), first);
        Assert.Equal(first, again);
        Assert.Equal(1, tokenizer.Counted);
    }

    [Fact]
    public void ShortTextsAreCountedEachTime()
    {
        var tokenizer = new CountingCounter(TokenCounters.For(TokenCounting.O200k));
        using var remembered = new RememberedTokenCounts(tokenizer, capacity: 100);

        remembered.Count("Hello world");
        remembered.Count("Hello world");

        Assert.Equal(2, tokenizer.Counted);
    }

    [Fact]
    public void EveryTextGetsItsOwnCountEvenAtTheSameLength()
    {
        var o200k = TokenCounters.For(TokenCounting.O200k);
        using var remembered = new RememberedTokenCounts(o200k, capacity: 100);
        // Same length, different tokens: runs of one letter against words.
        var texts = new[] { new string('a', 120), string.Concat(Enumerable.Repeat("ab cd ", 20)), string.Concat(Enumerable.Repeat("word ", 24)), Long };

        foreach (var text in texts.Concat(texts))
        {
            Assert.Equal(o200k.Count(text), remembered.Count(text));
        }

        Assert.Equal(3, texts.Take(3).Select(o200k.Count).Distinct().Count());
    }

    [Fact]
    public void OnlyCostlyCountersAreRemembered()
    {
        Assert.IsType<RememberedTokenCounts>(TokenCounters.Remembering(TokenCounting.O200k));
        Assert.Same(TokenCounters.For(TokenCounting.Estimate), TokenCounters.Remembering(TokenCounting.Estimate));
    }
}
