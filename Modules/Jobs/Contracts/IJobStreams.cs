using System.Text.Json.Nodes;

namespace KissChat.Jobs.Contracts;

/// <summary>
/// A job's frames for its listeners. Holds no database context between reads, so an open stream (which may wait
/// minutes on a slow model) costs its socket and its place, not a leased context.
/// </summary>
public interface IJobStreams
{
    /// <summary>
    /// Takes one of the user's open-stream places for as long as a stream is open; disposing gives it back. Null
    /// when the user already has as many streams open as allowed (<c>RateLimits:OpenStreamsPerUser</c>).
    /// </summary>
    IDisposable? TryOpen(Guid userId);

    /// <summary>The quiet time after which a stream gets a <c>: keep-alive</c> comment (<c>Jobs:KeepAliveSeconds</c>).</summary>
    TimeSpan KeepAlive { get; }

    /// <summary>
    /// The job's frames after frame id <paramref name="after"/> (0 for all) as they happen, exactly once and in
    /// order, then <see cref="JobStreamItemKind.Done"/>; keep-alives fill quiet stretches. Ending the enumeration
    /// only stops listening: the job carries on.
    /// </summary>
    /// <param name="opening">
    /// Members the <c>connected</c> and <c>processing</c> frames carry after their status and job id, so a listener knows
    /// them from the first frame (a group reply's speaker); null for none. Derived from the job by the caller, never stored.
    /// </param>
    IAsyncEnumerable<JobStreamItem> ReadAsync(JobInfo job, int after, JsonObject? opening, CancellationToken cancellationToken);
}
