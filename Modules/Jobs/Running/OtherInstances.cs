using System.Collections.Concurrent;

namespace KissChat.Jobs.Running;

/// <summary>
/// The other instances listening on this database's job channel, by their lock keys: an instance says hello when it starts
/// listening and every instance answers (<see cref="JobNotifications"/>), and the orphan sweep forgets those whose lock is
/// gone (<see cref="RecoverOrphanedJobs"/>). While there are none, which is every single-instance deployment, nobody needs
/// to hear that a job's frames changed.
/// </summary>
internal sealed class OtherInstances
{
    private readonly ConcurrentDictionary<long, long> lastHeard = new();
    private long hearings;

    public bool Any => !lastHeard.IsEmpty;

    /// <summary>Each known instance's key, with a mark of when it was last heard from, for <see cref="Forget"/>.</summary>
    public KeyValuePair<long, long>[] Known => lastHeard.ToArray();

    /// <summary>Returns whether the instance was new here.</summary>
    public bool Heard(long key)
    {
        var hearing = Interlocked.Increment(ref hearings);
        if (lastHeard.TryAdd(key, hearing))
        {
            return true;
        }

        lastHeard[key] = hearing;
        return false;
    }

    /// <summary>
    /// Forgets an instance unless it was heard from since <paramref name="known"/> was read: one that reconnected while the
    /// sweep looked for its lock said hello again, and stays. Returns whether it was forgotten.
    /// </summary>
    public bool Forget(KeyValuePair<long, long> known) => lastHeard.TryRemove(known);
}
