using System.Collections.Concurrent;

namespace KissChat.Jobs.Running;

/// <summary>
/// The jobs running in this process, and per-job wake-ups for streams waiting on a job that is not (yet)
/// running here: only a change to that job wakes them, so a burst of queued replies does not make every waiting
/// stream query the database on every other job's start and end.
/// </summary>
internal sealed class LiveJobs
{
    private readonly ConcurrentDictionary<Guid, LiveJobLog> logs = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> waiters = new();

    public LiveJobLog Open(Guid jobId, int firstSeq)
    {
        var log = new LiveJobLog(firstSeq);
        logs[jobId] = log;
        Pulse(jobId);
        return log;
    }

    public bool TryGet(Guid jobId, out LiveJobLog log) => logs.TryGetValue(jobId, out log!);

    /// <summary>Called only once every frame of the job is in the database.</summary>
    public void Close(Guid jobId)
    {
        logs.TryRemove(jobId, out _);
        Pulse(jobId);
    }

    /// <summary>Completes at the next change to <paramref name="jobId"/> (or when every waiter is woken).</summary>
    public Task NextChange(Guid jobId) =>
        waiters.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Wakes the streams waiting on one job, to look in the database again.</summary>
    public void Pulse(Guid jobId)
    {
        if (waiters.TryRemove(jobId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Wakes every waiting stream, when changes may have been missed (a lost notification channel).</summary>
    public void PulseAll()
    {
        foreach (var jobId in waiters.Keys)
        {
            Pulse(jobId);
        }
    }
}
