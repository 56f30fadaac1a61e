using System.Collections.Concurrent;

namespace KissChat.Jobs.Running;

/// <summary>The jobs running in this process, and a pulse for listeners waiting on jobs that are not (yet) running here.</summary>
internal sealed class LiveJobs
{
    private readonly ConcurrentDictionary<Guid, LiveJobLog> logs = new();
    private TaskCompletionSource pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task NextPulse => Volatile.Read(ref pulse).Task;

    public LiveJobLog Open(Guid jobId, int firstSeq)
    {
        var log = new LiveJobLog(firstSeq);
        logs[jobId] = log;
        Pulse();
        return log;
    }

    public bool TryGet(Guid jobId, out LiveJobLog log) => logs.TryGetValue(jobId, out log!);

    /// <summary>Called only once every frame of the job is in the database.</summary>
    public void Close(Guid jobId)
    {
        logs.TryRemove(jobId, out _);
        Pulse();
    }

    /// <summary>Wakes every stream waiting on a job that is not running here, to look in the database again.</summary>
    public void Pulse() =>
        Interlocked.Exchange(ref pulse, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
