using System.Diagnostics;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// Enforces the first-token, idle and total deadlines of one reply through a single cancellation
/// token, and remembers which deadline it armed so the failure can say which one was missed.
/// </summary>
internal sealed class StreamWatchdog : IDisposable
{
    private enum Deadline { FirstToken, Idle, Total }

    private readonly InferenceOptions _options;
    private readonly CancellationTokenSource _cts;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private Deadline _armed;

    public StreamWatchdog(InferenceOptions options, CancellationToken callerToken)
    {
        _options = options;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        Arm(Deadline.FirstToken, options.FirstTokenTimeout);
    }

    /// <summary>Cancelled when a deadline passes or the caller cancels.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Restarts the idle deadline; call for every chunk once text has started flowing.</summary>
    public void ChunkReceived() => Arm(Deadline.Idle, _options.IdleTimeout);

    public ModelProviderException Expired(bool textReceived, Exception cause) => _armed switch
    {
        Deadline.FirstToken => new($"The model provider did not respond within {Seconds(_options.FirstTokenTimeout)}", isTransient: true, cause),
        Deadline.Idle => new($"The model provider stopped sending for {Seconds(_options.IdleTimeout)} in the middle of the reply", isTransient: !textReceived, cause),
        _ => new($"The model's reply did not finish within {Seconds(_options.TotalTimeout)}", isTransient: !textReceived, cause),
    };

    public void Dispose() => _cts.Dispose();

    private void Arm(Deadline deadline, TimeSpan timeout)
    {
        var totalLeft = _options.TotalTimeout - Stopwatch.GetElapsedTime(_startedAt);
        (_armed, timeout) = totalLeft <= timeout ? (Deadline.Total, totalLeft) : (deadline, timeout);
        _cts.CancelAfter(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
    }

    private static string Seconds(TimeSpan timeout) => $"{timeout.TotalSeconds:0.###} s";
}
