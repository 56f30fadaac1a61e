namespace KissChat.Tests.Infrastructure;

/// <summary>
/// The system's clock, moved forward when a test says: what a server reads the time from jumps past a window at once,
/// while its timers and delays still run in real time (a stopped clock would hold up its background work).
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long shiftTicks;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref shiftTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref shiftTicks, by.Ticks);
}
