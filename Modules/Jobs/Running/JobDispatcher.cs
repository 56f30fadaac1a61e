using System.Diagnostics;
using Coravel.Queuing;
using Coravel.Queuing.Interfaces;
using KissChat.Jobs.Contracts;

namespace KissChat.Jobs.Running;

/// <summary>
/// Puts a job on Coravel's queue and has the queue run it now. Coravel drains its queue on a one-second timer and a
/// drain waits for its whole batch, so a job queued by a request starts its own drain at once: it neither waits for
/// the timer nor behind another, longer job. How many run together is <see cref="JobSlots"/>' business.
/// </summary>
internal sealed class JobDispatcher(IQueue queue, LiveJobs liveJobs, IEnumerable<JobKind> kinds)
{
    private readonly Dictionary<string, JobKind> byKind = kinds.ToDictionary(k => k.Kind);

    /// <param name="stored">Whether the job's row is stored (see <see cref="LiveJobLog.Stored"/>).</param>
    public void Enqueue(JobInfo job, object? prepared, Task<bool> stored)
    {
        // The request's span names the job; the job's span, in Coravel's flow, continues the request's trace.
        var origin = Activity.Current;
        origin?.SetTag(JobTelemetry.JobIdTag, job.Id);
        liveJobs.Open(job, origin?.Context ?? default, prepared, stored);
        byKind[job.Kind].Enqueue(queue, job.Id);
        _ = ((Queue)queue).ConsumeQueueAsync();
    }
}
