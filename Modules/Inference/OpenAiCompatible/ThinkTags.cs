using System.Text;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// Splits a reply that opens with <c>&lt;think&gt;…&lt;/think&gt;</c> into its reasoning and its text, piece by piece as
/// they stream: what a thinking model served without a reasoning parser (vLLM without <c>--reasoning-parser</c>, older
/// Ollama, llama.cpp) writes into the reply itself. Only a block that opens the reply is reasoning; a tag later on is
/// text. Text that may still turn into a tag (leading blanks, <c>&lt;thi</c>, <c>&lt;/thin</c>) waits for the next piece.
/// </summary>
internal sealed class ThinkTags
{
    private const string Open = "<think>";
    private const string Close = "</think>";

    private readonly StringBuilder held = new();
    private Phase phase = Phase.Opening;

    /// <summary>Whether any reasoning was given out: the blanks after the opening tag are not.</summary>
    private bool reasoned;

    private enum Phase
    {
        /// <summary>Nothing but blanks yet: the reply may still open with the tag.</summary>
        Opening,

        /// <summary>Inside the block: reasoning until the closing tag.</summary>
        Thinking,

        /// <summary>The rest is the reply's text, as it comes.</summary>
        Text,
    }

    /// <summary>Whether the block is behind (or there was none): every piece from here on is text as it is.</summary>
    public bool Passed => phase == Phase.Text;

    /// <summary>The reasoning and the text in <paramref name="piece"/>, either empty when it has none (yet).</summary>
    public (string Reasoning, string Text) Take(string piece)
    {
        if (phase == Phase.Text)
        {
            return (string.Empty, piece);
        }

        held.Append(piece);
        if (phase == Phase.Opening)
        {
            var start = 0;
            while (start < held.Length && char.IsWhiteSpace(held[start]))
            {
                start++;
            }

            var seen = held.ToString(start, Math.Min(Open.Length, held.Length - start));
            if (seen.Length < Open.Length && Open.StartsWith(seen, StringComparison.Ordinal))
            {
                return (string.Empty, string.Empty);
            }

            if (seen != Open)
            {
                phase = Phase.Text;
                return (string.Empty, Release(held.Length));
            }

            held.Remove(0, start + Open.Length);
            phase = Phase.Thinking;
        }

        return Think();
    }

    /// <summary>What is still held when the reply ends: a cut-off block's reasoning, or blanks that are text after all.</summary>
    public (string Reasoning, string Text) Flush()
    {
        var rest = Release(held.Length);
        return phase == Phase.Thinking ? (rest, string.Empty) : (string.Empty, rest);
    }

    private (string Reasoning, string Text) Think()
    {
        var text = reasoned ? held.ToString() : held.ToString().TrimStart();
        var close = text.IndexOf(Close, StringComparison.Ordinal);
        if (close >= 0)
        {
            phase = Phase.Text;
            held.Clear();
            // The blank lines models put around the block's end are neither the reasoning's nor the reply's.
            return (text[..close].TrimEnd(), text[(close + Close.Length)..].TrimStart());
        }

        held.Clear().Append(text);
        var reasoning = Release(held.Length - PartialClose(text));
        reasoned |= reasoning.Length > 0;
        return (reasoning, string.Empty);
    }

    /// <summary>How many of the held text's last characters may be the start of the closing tag.</summary>
    private static int PartialClose(string text)
    {
        for (var length = Math.Min(Close.Length - 1, text.Length); length > 0; length--)
        {
            if (text.AsSpan(text.Length - length).SequenceEqual(Close.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }

    private string Release(int count)
    {
        var released = held.ToString(0, count);
        held.Remove(0, count);
        return released;
    }
}
