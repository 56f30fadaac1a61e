using Microsoft.AspNetCore.Http;

namespace KissChat.Tests.Fakes;

/// <summary>How the fake model server answers one request. Build one with the factory methods.</summary>
public abstract record ModelScript
{
    /// <summary>
    /// A well-formed stream: keep-alive comment, role-only chunk, one chunk per token (with
    /// <paramref name="delay"/> between tokens), a finish chunk, a usage-only chunk and [DONE].
    /// With <paramref name="hold"/> the stream pauses after that many tokens until the test releases it.
    /// </summary>
    public static ModelScript Stream(IEnumerable<string> tokens, TimeSpan delay = default, StreamHold? hold = null) =>
        new StreamScript([.. tokens], delay, hold);

    /// <summary>Answers with an HTTP status and a body, without streaming.</summary>
    public static ModelScript Status(int statusCode, string body = "", string? retryAfter = null) => new StatusScript(statusCode, body, retryAfter);

    /// <summary>Never sends a byte, until the client gives up or the server is disposed.</summary>
    public static ModelScript Hang() => new HangScript();

    /// <summary>
    /// Streams the tokens, then ends without a finish chunk or [DONE]: by dropping the connection
    /// when <paramref name="abort"/> is true, or by closing the response cleanly otherwise.
    /// </summary>
    public static ModelScript CutAfter(IEnumerable<string> tokens, bool abort = true) => new CutScript([.. tokens], abort);

    /// <summary>Streams the tokens, then a chunk that is not JSON, then [DONE].</summary>
    public static ModelScript MalformedAfter(IEnumerable<string> tokens) => new MalformedScript([.. tokens]);

    /// <summary>The tokens, then a line that never ends (2 MB without a line break), then the end of the stream.</summary>
    public static ModelScript EndlessLineAfter(IEnumerable<string> tokens) => new MalformedScript([.. tokens], new string('x', 2_000_000));

    /// <summary>Streams the tokens, then sends one raw <c>data:</c> payload (e.g. a provider error object).</summary>
    public static ModelScript StreamThenData(IEnumerable<string> tokens, string data) => new StreamThenDataScript([.. tokens], data);

    /// <summary>Thinks aloud first (<paramref name="thoughts"/> under <paramref name="field"/>, <paramref name="delay"/> apart), then streams the tokens.</summary>
    public static ModelScript ThinkThenStream(string field, IEnumerable<string> thoughts, TimeSpan delay, IEnumerable<string> tokens) =>
        new ThinkingScript(field, [.. thoughts], delay, [.. tokens]);

    /// <summary>Thinks aloud, then the stream closes before any reply or finish chunk.</summary>
    public static ModelScript ThinkThenCut(string field, IEnumerable<string> thoughts) => new ThinkingScript(field, [.. thoughts], TimeSpan.Zero, [], Finish: false);

    /// <summary>Thinks aloud, then pauses before any reply until <paramref name="release"/> completes, then finishes with no text.</summary>
    public static ModelScript ThinkThenHold(string field, IEnumerable<string> thoughts, Task release) =>
        new ThinkingScript(field, [.. thoughts], TimeSpan.Zero, [], Hold: release);

    /// <summary>Ignores stream:true and answers with one JSON body in the given shape.</summary>
    public static ModelScript JsonReply(JsonReplyShape shape, string content) => new JsonReplyScript(shape, content);

    /// <summary>Writes the response; <paramref name="cancellationToken"/> fires when the client leaves or the server stops.</summary>
    public abstract Task RunAsync(HttpContext context, CancellationToken cancellationToken);
}

/// <summary>Pauses a stream after <paramref name="AfterTokens"/> tokens until <paramref name="Release"/> completes.</summary>
public sealed record StreamHold(int AfterTokens, Task Release);

public enum JsonReplyShape
{
    /// <summary><c>choices[0].message.content</c></summary>
    OpenAi,

    /// <summary><c>message.content</c></summary>
    Ollama,

    /// <summary>A bare <c>content</c> property.</summary>
    Plain,
}
