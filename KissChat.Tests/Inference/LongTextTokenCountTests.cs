using KissChat.Inference.Contracts;
using KissChat.Inference.Tokens;
using Microsoft.ML.Tokenizers;

namespace KissChat.Tests.Inference;

/// <summary>Long texts are counted in pieces (see TokenCounters): the count of ordinary text stays the encoding's own.</summary>
public sealed class LongTextTokenCountTests
{
    [Theory]
    [InlineData(TokenCounting.O200k, "o200k_base")]
    [InlineData(TokenCounting.Cl100k, "cl100k_base")]
    public void ALongOrdinaryTextCountsAsTheWholeTextDoes(string counter, string encoding)
    {
        var text = string.Concat(Enumerable.Range(0, 1500).Select(i =>
            $"Line {i}: the innkeeper, Mira, pours a drink — «santé!» — and says “{(i % 7 == 0 ? "well…" : "hm")}” at {i % 24}:{i % 60:00}.\n"));

        var whole = TiktokenTokenizer.CreateForEncoding(encoding).CountTokens(text);

        Assert.True(text.Length > 50_000);
        Assert.InRange(TokenCounters.For(counter).Count(text), whole - (whole / 1000), whole + (whole / 1000));
    }
}
