using System.Diagnostics;

namespace KissChat.Benchmarks.Streams;

/// <summary>One reply as the client saw it; the moments are <see cref="Stopwatch"/> timestamps.</summary>
/// <param name="Coalesced">Token frames that arrived less than a millisecond after the reply's previous token frame.</param>
/// <param name="Error">Why the reply did not end well, or null.</param>
internal readonly record struct ReplyTrace(long Sent, long FirstToken, long Finished, int Tokens, int Coalesced, string? Error)
{
    public bool Succeeded => Error is null;

    public TimeSpan TimeToFirstToken => Stopwatch.GetElapsedTime(Sent, FirstToken);

    public TimeSpan Duration => Stopwatch.GetElapsedTime(Sent, Finished);

    public static ReplyTrace Failed(long sent, string error) => new(sent, 0, Stopwatch.GetTimestamp(), 0, 0, error);
}
