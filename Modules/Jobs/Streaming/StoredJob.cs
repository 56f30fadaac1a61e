using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;

namespace KissChat.Jobs.Streaming;

/// <summary>
/// A job as the database has it, enough to rebuild its frames: <c>connected</c> (1), <c>processing</c> (2) once it
/// ran, one <c>token</c> (or <c>reasoning</c>) frame per stored piece of text (3…), and its final frame once it ended,
/// after the ids of every such frame it sent (<see cref="Job.Tokens"/>, which counts those that were not saved too).
/// </summary>
internal sealed record StoredJob(
    Guid Id, string Status, DateTime? StartedAt, int Tokens, string? Text, string? TokenLengths, string? Result, string? Error)
{
    /// <summary>Marks a piece of reasoning's length in <see cref="TokenLengths"/> (<c>r12</c>): its frame is a <c>reasoning</c> one.</summary>
    public const char ReasoningMark = 'r';

    public bool Finished => JobStatus.IsFinished(Status);

    private bool Started => StartedAt is not null || Tokens > 0;

    /// <summary>The id of the final frame, once there is one.</summary>
    public int? LastFrameId => Finished ? FinalId : null;

    private int FinalId => Started ? 3 + Tokens : 2;

    /// <summary>The frames after <paramref name="after"/> that exist so far, the final one last (with <paramref name="expand"/> applied).</summary>
    public async IAsyncEnumerable<(int Id, ReadOnlyMemory<byte> Data)> FramesAfterAsync(int after, Func<JsonObject, Task<JsonObject>> expand)
    {
        if (after < 1)
        {
            yield return (1, FrameBytes.Connected(Id));
        }

        if (Started && after < 2)
        {
            yield return (2, FrameBytes.Processing(Id));
        }

        foreach (var (id, delta, reasoning) in TokensAfter(after))
        {
            yield return (id, FrameBytes.Token(delta, reasoning));
        }

        if (Finished && after < FinalId)
        {
            var frame = FrameBytes.Final(Status, Result is null ? null : JsonNode.Parse(Result)!.AsObject(), Error, Started ? null : Id);
            yield return (FinalId, FrameBytes.Of(Status == JobStatus.Completed ? await expand(frame) : frame));
        }
    }

    /// <summary>The text and the reasoning a job's checkpoints saved, each whole.</summary>
    public static StreamedText Streamed(string? text, string? tokenLengths)
    {
        var (written, reasoning) = (new StringBuilder(), new StringBuilder());
        foreach (var (_, delta, isReasoning) in Pieces(text, tokenLengths, after: 0))
        {
            (isReasoning ? reasoning : written).Append(delta);
        }

        return new StreamedText(written.ToString(), reasoning.ToString());
    }

    private IEnumerable<(int Id, string Delta, bool Reasoning)> TokensAfter(int after) => Pieces(Text, TokenLengths, after);

    /// <summary>
    /// Token frames are rebuilt from the stored text, one piece per recorded length; pruned text has none. The lengths
    /// are read one at a time, so a replay of a long reply holds one piece, not thousands.
    /// </summary>
    private static IEnumerable<(int Id, string Delta, bool Reasoning)> Pieces(string? text, string? tokenLengths, int after)
    {
        if (text is null || string.IsNullOrEmpty(tokenLengths))
        {
            yield break;
        }

        var offset = 0;
        var id = 3;
        for (var position = 0; position < tokenLengths.Length; id++)
        {
            var comma = tokenLengths.IndexOf(',', position);
            var end = comma < 0 ? tokenLengths.Length : comma;
            var reasoning = tokenLengths[position] == ReasoningMark;
            var start = reasoning ? position + 1 : position;
            var length = int.Parse(tokenLengths.AsSpan(start, end - start), CultureInfo.InvariantCulture);
            if (id > after)
            {
                yield return (id, text.Substring(offset, length), reasoning);
            }

            offset += length;
            position = end + 1;
        }
    }
}
