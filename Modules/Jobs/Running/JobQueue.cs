using System.Collections.Concurrent;
using System.Threading.Channels;

namespace KissChat.Jobs.Running;

/// <summary>The in-process queue of job ids. The job rows are the truth; this only says what to run next.</summary>
internal sealed class JobQueue
{
    private readonly Channel<Guid> channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly ConcurrentDictionary<Guid, byte> queued = new();

    /// <summary>Queues the job unless it already is, so the recovery sweep can re-offer waiting jobs freely.</summary>
    public void Enqueue(Guid jobId)
    {
        if (queued.TryAdd(jobId, 0))
        {
            channel.Writer.TryWrite(jobId);
        }
    }

    public async IAsyncEnumerable<Guid> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var jobId in channel.Reader.ReadAllAsync(cancellationToken))
        {
            queued.TryRemove(jobId, out _);
            yield return jobId;
        }
    }
}
