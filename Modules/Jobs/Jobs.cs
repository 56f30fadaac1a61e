using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Jobs.Running;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Jobs;

internal sealed class Jobs(KissChatDbContext db, JobQueue queue, TimeProvider clock) : IJobs
{
    public Guid Add(NewJob job)
    {
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(new Job
        {
            Id = id,
            UserId = job.UserId,
            Kind = job.Kind,
            SubjectId = job.SubjectId,
            Status = JobStatus.Waiting,
            Payload = job.Payload,
            CreatedAt = now,
        });
        db.Add(new JobEvent { JobId = id, Seq = 1, Type = JobFrames.Connected, Data = JobFrames.Create(JobFrames.Connected, id).ToJsonString(), CreatedAt = now });
        return id;
    }

    public void Enqueue(Guid jobId) => queue.Enqueue(jobId);

    public Task<bool> HasUnfinishedAsync(Guid subjectId, CancellationToken cancellationToken) =>
        db.Set<Job>().AnyAsync(j => j.SubjectId == subjectId && (j.Status == JobStatus.Waiting || j.Status == JobStatus.Active), cancellationToken);

    public async Task<JobLookup> FindAsync(Guid jobId, Guid userId, CancellationToken cancellationToken)
    {
        var job = await db.Set<Job>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return new JobLookup(JobLookupOutcome.NotFound, null, null);
        }

        return job.UserId != userId
            ? new JobLookup(JobLookupOutcome.Forbidden, null, null)
            : new JobLookup(JobLookupOutcome.Found, new JobInfo(job.Id, job.UserId, job.Kind, job.SubjectId, job.Payload), job.Status);
    }

    public JobEventStream Stream(JobInfo job, int after) => new(job, after);
}
