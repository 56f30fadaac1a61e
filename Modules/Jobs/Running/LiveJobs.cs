using System.Collections.Concurrent;
using System.Diagnostics;
using KissChat.Jobs.Contracts;

namespace KissChat.Jobs.Running;

/// <summary>
/// The jobs queued or running in this process, and per-job wake-ups for streams following a job from the database
/// (one running elsewhere): only a change to that job wakes them.
/// </summary>
internal sealed class LiveJobs
{
    private readonly ConcurrentDictionary<Guid, LiveJobLog> logs = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> waiters = new();
    private readonly ConcurrentDictionary<Guid, long> stoppedBeforeOpen = new();

    /// <param name="origin">The trace context of the request that queued the job, which the job's span continues.</param>
    public void Open(JobInfo job, ActivityContext origin, object? prepared, Task<bool> stored)
    {
        var log = new LiveJobLog(job, origin, prepared, stored);
        logs[job.Id] = log;
        if (stoppedBeforeOpen.TryRemove(job.Id, out _))
        {
            log.RequestStop();
        }

        Pulse(job.Id);
    }

    /// <summary>
    /// Stops a job this instance stored but has not queued yet (its request is between its commit and the queue), as
    /// soon as it is: the stop already ended its row, and the job must not run after all. Marks older than a minute are
    /// dropped (a job this instance lost track of never opens).
    /// </summary>
    public void StopOnOpen(Guid jobId)
    {
        var now = Environment.TickCount64;
        foreach (var (stale, markedAt) in stoppedBeforeOpen)
        {
            if (now - markedAt > 60_000)
            {
                stoppedBeforeOpen.TryRemove(stale, out _);
            }
        }

        stoppedBeforeOpen[jobId] = now;
        // Opened meanwhile: Open missed the mark, so the stop is passed on here (whichever ran second sees the other).
        if (logs.TryGetValue(jobId, out var log) && stoppedBeforeOpen.TryRemove(jobId, out _))
        {
            log.RequestStop();
        }
    }

    public bool TryGet(Guid jobId, out LiveJobLog log) => logs.TryGetValue(jobId, out log!);

    public IEnumerable<KeyValuePair<Guid, LiveJobLog>> All => logs;

    public int Count => logs.Count;

    /// <summary>Called once the job's end is stored: from now on its streams read the database.</summary>
    public void Close(Guid jobId)
    {
        if (logs.TryRemove(jobId, out var log))
        {
            log.Close();
        }

        Pulse(jobId);
    }

    /// <summary>Completes at the next change to <paramref name="jobId"/> (or when every waiter is woken).</summary>
    public Task NextChange(Guid jobId) =>
        waiters.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Whether some stream waits for a change to <paramref name="jobId"/>.</summary>
    public bool IsFollowed(Guid jobId) => waiters.ContainsKey(jobId);

    /// <summary>Wakes the streams following one job from the database.</summary>
    public void Pulse(Guid jobId)
    {
        if (waiters.TryRemove(jobId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Wakes every such stream, when changes may have been missed (a lost notification channel).</summary>
    public void PulseAll()
    {
        foreach (var jobId in waiters.Keys)
        {
            Pulse(jobId);
        }
    }
}
