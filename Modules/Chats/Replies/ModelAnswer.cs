using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace KissChat.Chats.Replies;

/// <summary>A piece of a model's streamed answer: its text, or a thinking model's reasoning.</summary>
internal readonly record struct AnswerPiece(string Text, bool IsReasoning);

/// <summary>
/// A model's streamed answer to a chat's prompt, read piece by piece within what its length limit allows, with its text,
/// reasoning, token counts and why it ended. Replies and impersonations read it alike; what they do with each piece is
/// their own.
/// </summary>
/// <param name="maxTokens">The answer's <c>max_tokens</c>: see <see cref="MaxCharacters"/>.</param>
internal sealed class ModelAnswer(int maxTokens)
{
    public StringBuilder Text { get; } = new();

    public int MaxTokens => maxTokens;

    public StringBuilder Reasoning { get; } = new();

    public UsageDetails? Usage { get; private set; }

    public ChatFinishReason? FinishReason { get; private set; }

    /// <summary>The model went on past <see cref="MaxCharacters"/>: the answer was cut there.</summary>
    public bool CutAtLimit { get; private set; }

    /// <summary>
    /// Whether the text has begun: blanks before its first other character are held back and given out with it, byte for
    /// byte. An answer of blanks alone (often after its reasoning) is no answer, and must not show as an empty one before
    /// it fails.
    /// </summary>
    private bool begun;

    /// <summary>
    /// The most an answer of <c>max_tokens</c> tokens may hold: 16 characters a token, four times the average, is never
    /// reached by a model that keeps to its limit; one that ignores it is cut there rather than fill the chat (and every
    /// later prompt) with a text of any length.
    /// </summary>
    public int MaxCharacters { get; } = Math.Max(1, maxTokens) * 16;

    /// <summary>Streams the answer; a provider failure is the model client's <c>ModelProviderException</c>, after its own retries.</summary>
    public async IAsyncEnumerable<AnswerPiece> ReadAsync(
        IChatClient model, IReadOnlyList<AiChatMessage> messages, ChatOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in model.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            // Indexed, and the text read once: this runs for every piece of every reply.
            for (var i = 0; i < update.Contents.Count; i++)
            {
                if (update.Contents[i] is UsageContent usage)
                {
                    Usage = usage.Details;
                }
                else if (update.Contents[i] is TextReasoningContent { Text.Length: > 0 } thought && Reasoning.Length < MaxCharacters)
                {
                    // Past the limit the model may go on thinking (its own length limit ends that); only the kept part is shown.
                    var piece = Cut(thought.Text, MaxCharacters - Reasoning.Length);
                    Reasoning.Append(piece);
                    yield return new AnswerPiece(piece, IsReasoning: true);
                }
            }

            FinishReason = update.FinishReason ?? FinishReason;
            var written = update.Text;
            if (string.IsNullOrEmpty(written))
            {
                continue;
            }

            CutAtLimit = Text.Length + written.Length > MaxCharacters;
            if (CutAtLimit)
            {
                written = Cut(written, MaxCharacters - Text.Length);
                FinishReason = ChatFinishReason.Length;
            }

            if (written.Length > 0)
            {
                Text.Append(written);
                if (begun)
                {
                    yield return new AnswerPiece(written, IsReasoning: false);
                }
                else if (!string.IsNullOrWhiteSpace(written))
                {
                    // Once an answer: the blanks held back, with this piece.
                    begun = true;
                    yield return new AnswerPiece(Text.Length > written.Length ? Text.ToString() : written, IsReasoning: false);
                }
            }

            if (CutAtLimit)
            {
                yield break;
            }
        }
    }

    /// <summary>Why an answer without text is no answer, for the user; null when it has text.</summary>
    public string? Emptiness() =>
        !string.IsNullOrWhiteSpace(Text.ToString()) ? null
        : FinishReason == ChatFinishReason.ContentFilter ? "The model provider's content filter held the reply back. Try rephrasing your message, or another model."
        : Reasoning.Length > 0 ? "The model only reasoned and wrote no reply (its reasoning may have used up the reply's length). Raise the reply's max tokens, or try again."
        : "The model returned an empty reply. Try again, or rephrase your message.";

    /// <summary>
    /// Whether a reply stopped or cut short has anything to keep: its text, or the reasoning of a thinking model stopped
    /// before it wrote any (a reply must never be lost; one without text is left out of later prompts).
    /// </summary>
    public bool HasAnythingToKeep => Reasoning.Length > 0 || Emptiness() is null;

    /// <summary>
    /// The answer's <c>usage</c> (when the provider counted its tokens) and <c>finish_reason</c> (when it was cut short by
    /// its length limit or a content filter: it reads as finished, and the client can offer to continue it).
    /// </summary>
    public void WriteEnding(JsonObject frame)
    {
        if (Usage is { InputTokenCount: { } promptTokens, OutputTokenCount: { } completionTokens })
        {
            frame["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens };
        }

        if (FinishReason == ChatFinishReason.Length || FinishReason == ChatFinishReason.ContentFilter)
        {
            frame["finish_reason"] = FinishReason.Value.Value;
        }
    }

    /// <summary>PostgreSQL text cannot hold NUL, and a model can emit one; it carries no meaning in a chat anyway.</summary>
    public static string WithoutNul(StringBuilder streamed) => streamed.Replace("\0", string.Empty).ToString();

    /// <summary>The first <paramref name="room"/> characters of <paramref name="piece"/>, not splitting a surrogate pair.</summary>
    private static string Cut(string piece, int room)
    {
        if (piece.Length <= room)
        {
            return piece;
        }

        var kept = Math.Max(0, room);
        return piece[..(kept > 0 && char.IsHighSurrogate(piece[kept - 1]) ? kept - 1 : kept)];
    }
}
