using KissChat.Inference.Contracts;
using Microsoft.ML.Tokenizers;

namespace KissChat.Inference.Tokens;

/// <summary>
/// The counters <c>Inference:Tokenizer</c> names. A tiktoken encoding takes a moment and a few megabytes to load, so
/// each is loaded once per process, on first use, and shared: the tokenizers are immutable and safe to share.
/// </summary>
internal static class TokenCounters
{
    private static readonly Lazy<ITokenCounter> O200k = new(() => new TiktokenCounter(TokenCounting.O200k, TiktokenTokenizer.CreateForEncoding("o200k_base")));
    private static readonly Lazy<ITokenCounter> Cl100k = new(() => new TiktokenCounter(TokenCounting.Cl100k, TiktokenTokenizer.CreateForEncoding("cl100k_base")));

    /// <summary>Stored messages' counts remembered: about 125 chats' prompts of 400 messages, a few megabytes.</summary>
    public const int RememberedTexts = 50_000;

    /// <summary><see cref="For"/>, remembering what longer texts counted when counting them is costly (a tiktoken encoding).</summary>
    public static ITokenCounter Remembering(string name)
    {
        var counter = For(name);
        return counter is TiktokenCounter ? new RememberedTokenCounts(counter, RememberedTexts) : counter;
    }

    public static ITokenCounter For(string name) => name switch
    {
        TokenCounting.O200k => O200k.Value,
        TokenCounting.Cl100k => Cl100k.Value,
        _ => CharacterEstimate.Instance,
    };

    private sealed class TiktokenCounter(string name, Tokenizer tokenizer) : ITokenCounter
    {
        public string Name => name;

        public int Count(string text) => tokenizer.CountTokens(text);
    }

    /// <summary>Four characters per token is the usual English average and errs on the safe side for other text.</summary>
    private sealed class CharacterEstimate : ITokenCounter
    {
        public static readonly CharacterEstimate Instance = new();

        public string Name => TokenCounting.Estimate;

        public int Count(string text) => (text.Length + 3) / 4;
    }
}
