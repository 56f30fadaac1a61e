namespace KissChat.Jobs.Running;

/// <summary>When the scheduled sweep for orphaned jobs last ran: proof that the scheduler, and so the job workers' upkeep, is alive.</summary>
internal sealed class SchedulerHeartbeat(TimeProvider clock)
{
    private long last = clock.GetTimestamp();

    public TimeSpan SinceLastBeat => clock.GetElapsedTime(Interlocked.Read(ref last));

    public void Beat() => Interlocked.Exchange(ref last, clock.GetTimestamp());
}
