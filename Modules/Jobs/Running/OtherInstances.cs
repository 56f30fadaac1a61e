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
    private readonly ConcurrentDictionary<long, byte> keys = new();

    public bool Any => !keys.IsEmpty;

    public ICollection<long> Keys => keys.Keys;

    /// <summary>Returns whether the instance was new here.</summary>
    public bool Add(long key) => keys.TryAdd(key, 0);

    public void Forget(long key) => keys.TryRemove(key, out _);
}
