using System.Diagnostics;

namespace KissChat.Kernel.Text;

/// <summary>
/// The time one piece of work may spend on patterns a user wrote, across all of them: each pattern has its own timeout,
/// but hundreds of slow ones would still add up to minutes. Once it is spent, the rest are skipped. For one thread.
/// </summary>
public sealed class TimeBudget(TimeSpan limit)
{
    private long spent;

    public bool Exhausted => Stopwatch.GetElapsedTime(0, spent) >= limit;

    /// <summary>Marks the start of work that counts; pass what it returns to <see cref="Stop"/>.</summary>
    public long Start() => Stopwatch.GetTimestamp();

    public void Stop(long started) => spent += Stopwatch.GetTimestamp() - started;
}
