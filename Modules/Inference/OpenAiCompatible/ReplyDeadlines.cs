using KissChat.Inference.Contracts;

namespace KissChat.Inference.OpenAiCompatible;

internal enum Deadline
{
    /// <summary>No text yet (nor a thinking model's reasoning), counted from the start of the attempt.</summary>
    FirstToken,

    /// <summary>No text (or reasoning) since the last piece of it.</summary>
    Idle,

    /// <summary>The whole reply, retry included, counted from the start of the first attempt.</summary>
    Total,
}

/// <summary>
/// Enforces the deadlines of one attempt at a reply through one cancellation token and one timer. Text arriving
/// only records a timestamp (the first text also re-arms the timer, as the idle deadline takes over); the timer,
/// when it fires, either cancels or re-arms itself for the deadline now due, so a fast stream costs no timer work
/// per chunk.
/// </summary>
internal sealed class ReplyDeadlines : IDisposable
{
    private const long NoTextYet = -1;

    private readonly InferenceOptions _limits;
    private readonly TimeProvider _clock;
    private readonly long _replyStarted;
    private readonly TimeSpan _attemptStarted;
    private readonly CancellationTokenSource _cts;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private long _lastTextTicks = NoTextYet;
    private bool _disposed;

    /// <param name="replyStarted">The <paramref name="clock"/> timestamp at which the reply's first attempt began.</param>
    public ReplyDeadlines(InferenceOptions limits, TimeProvider clock, long replyStarted, CancellationToken callerToken)
    {
        _limits = limits;
        _clock = clock;
        _replyStarted = replyStarted;
        _attemptStarted = Elapsed();
        _cts = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        _timer = clock.CreateTimer(_ => Check(), null, TimeLeft(Due().At), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled when a deadline passes or the caller cancels.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>The deadline that passed, set before <see cref="Token"/> is cancelled for it.</summary>
    public Deadline? Expired { get; private set; }

    /// <summary>Starts the idle deadline over; until the first call the first-token deadline applies.</summary>
    public void TextArrived()
    {
        var first = Interlocked.Exchange(ref _lastTextTicks, Elapsed().Ticks) == NoTextYet;

        // The idle deadline may come before the first-token one the timer is set for. Later text only
        // moves the idle deadline back, which the timer finds out when it fires.
        if (first)
        {
            Check();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
            _cts.Dispose();
        }
    }

    private void Check()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var (deadline, at) = Due();
            var left = TimeLeft(at);
            if (left > TimeSpan.Zero)
            {
                _timer.Change(left, Timeout.InfiniteTimeSpan);
                return;
            }

            Expired = deadline;
            _cts.Cancel();
        }
    }

    /// <summary>The deadline that comes first now, and when it is, as time since the reply started.</summary>
    private (Deadline Deadline, TimeSpan At) Due()
    {
        var lastText = Volatile.Read(ref _lastTextTicks);
        var (deadline, at) = lastText == NoTextYet
            ? (Deadline.FirstToken, _attemptStarted + _limits.FirstTokenTimeout)
            : (Deadline.Idle, TimeSpan.FromTicks(lastText) + _limits.IdleTimeout);
        return at < _limits.TotalTimeout ? (deadline, at) : (Deadline.Total, _limits.TotalTimeout);
    }

    // In whole milliseconds, rounded up: a timer drops the fraction, and one set for less than a millisecond fires at
    // once, so a deadline a fraction of a millisecond away would be looked at in a loop until it passed.
    private TimeSpan TimeLeft(TimeSpan at) =>
        at - Elapsed() is { Ticks: > 0 } left ? TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)) : TimeSpan.Zero;

    private TimeSpan Elapsed() => _clock.GetElapsedTime(_replyStarted);
}
