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

    /// <summary>
    /// Counts a long text in pieces of at most <see cref="MaxPiece"/> characters, each cut before a space where one is
    /// near: the encoding merges each word's bytes in time that grows with the square of its length, so one unbroken run
    /// of a million characters (a model that ignores its token limit) would hold a core for minutes at every turn. A
    /// piece that starts with its space counts as it does inside the text.
    /// </summary>
    private sealed class TiktokenCounter(string name, Tokenizer tokenizer) : ITokenCounter
    {
        private const int MaxPiece = 1024;

        public string Name => name;

        public int Count(string text)
        {
            if (text.Length <= MaxPiece)
            {
                return tokenizer.CountTokens(text);
            }

            var total = 0;
            for (var start = 0; start < text.Length;)
            {
                var length = Math.Min(MaxPiece, text.Length - start);
                if (start + length < text.Length && text.LastIndexOf(' ', start + length - 1, length / 2) is var space && space > start)
                {
                    length = space - start;
                }

                total += tokenizer.CountTokens(text.AsSpan(start, length));
                start += length;
            }

            return total;
        }
    }

    /// <summary>Four characters per token is the usual English average and errs on the safe side for other text.</summary>
    private sealed class CharacterEstimate : ITokenCounter
    {
        public static readonly CharacterEstimate Instance = new();

        public string Name => TokenCounting.Estimate;

        public int Count(string text) => (text.Length + 3) / 4;
    }
}
