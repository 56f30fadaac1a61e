using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Jobs.Running;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Jobs.Streaming;

/// <summary>
/// Every frame of a job after a given SSE id, exactly once and in order, then <c>[DONE]</c>. Frames of a job
/// running here come from memory the moment they exist; otherwise (not started yet, finished, or running on
/// another instance) from <c>job_events</c>. Quiet stretches produce keep-alives. The completed frame gets what its
/// handler derives on read (the chat history).
/// </summary>
internal sealed class JobEventReader(KissChatDbContext db, LiveJobs liveJobs, JobsOptions options, IServiceProvider services, TimeProvider clock)
{
    public async IAsyncEnumerable<JobStreamItem> ReadAsync(JobInfo job, int after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastSent = clock.GetUtcNow();
        while (true)
        {
            var pulse = liveJobs.NextChange(job.Id);
            IReadOnlyList<StoredFrame> frames;
            Task changed;
            TimeSpan wait;
            if (liveJobs.TryGet(job.Id, out var log))
            {
                changed = log.Changed;
                var persisted = after < log.FirstSeq - 1 ? await StoredAfterAsync(job.Id, after, log.FirstSeq, cancellationToken) : [];
                frames = [.. persisted, .. log.After(Math.Max(after, log.FirstSeq - 1))];
                wait = options.KeepAlive;
            }
            else
            {
                changed = pulse;
                frames = await StoredAfterAsync(job.Id, after, int.MaxValue, cancellationToken);
                wait = options.PollInterval;
                if (frames.Count == 0 && await FinalSeqAsync(job.Id, cancellationToken) is { } finalSeq && after >= finalSeq)
                {
                    // Resumed after the final frame: only [DONE] may still be owed.
                    if (after == finalSeq)
                    {
                        yield return JobStreamItem.Done(finalSeq + 1);
                    }

                    yield break;
                }
            }

            foreach (var frame in frames)
            {
                var data = frame.Type == JobStatus.Completed ? await ExpandAsync(job, frame.Data, cancellationToken) : frame.Data;
                yield return new JobStreamItem(JobStreamItemKind.Frame, frame.Seq, data);
                after = frame.Seq;
                lastSent = clock.GetUtcNow();
                if (JobFrames.IsTerminal(frame.Type))
                {
                    yield return JobStreamItem.Done(frame.Seq + 1);
                    yield break;
                }
            }

            var untilKeepAlive = options.KeepAlive - (clock.GetUtcNow() - lastSent);
            if (untilKeepAlive <= TimeSpan.Zero)
            {
                yield return JobStreamItem.KeepAlive;
                lastSent = clock.GetUtcNow();
                continue;
            }

            await Task.WhenAny(changed, Task.Delay(Min(wait, untilKeepAlive), clock, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<string> ExpandAsync(JobInfo job, string completedFrame, CancellationToken cancellationToken)
    {
        var handler = services.GetRequiredKeyedService<IJobHandler>(job.Kind);
        return JobFrames.ToJson(await handler.ExpandResultAsync(job, JsonNode.Parse(completedFrame)!.AsObject(), cancellationToken));
    }

    private async Task<IReadOnlyList<StoredFrame>> StoredAfterAsync(Guid jobId, int after, int before, CancellationToken cancellationToken) =>
        await db.Set<JobEvent>().AsNoTracking()
            .Where(e => e.JobId == jobId && e.Seq > after && e.Seq < before)
            .OrderBy(e => e.Seq)
            .Select(e => new StoredFrame(e.Seq, e.Type, e.Data))
            .ToListAsync(cancellationToken);

    private async Task<int?> FinalSeqAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var finished = await db.Set<Job>().AsNoTracking()
            .AnyAsync(j => j.Id == jobId && (j.Status == JobStatus.Completed || j.Status == JobStatus.Failed || j.Status == JobStatus.Stopped), cancellationToken);
        return finished
            ? await db.Set<JobEvent>().Where(e => e.JobId == jobId).MaxAsync(e => (int?)e.Seq, cancellationToken)
            : null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
