using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Jobs.Running;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Jobs;

internal sealed class Jobs(
    KissChatDbContext db, JobQueue queue, LiveJobs liveJobs, StreamSlots streamSlots, JobEventReader reader, UnrunJobs unrunJobs, IServiceProvider handlers, TimeProvider clock)
    : IJobs
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
        db.Add(new JobEvent { JobId = id, Seq = 1, Type = JobFrames.Connected, Data = JobFrames.ToJson(JobFrames.Create(JobFrames.Connected, id)), CreatedAt = now });
        return id;
    }

    public void Enqueue(Guid jobId) => queue.Enqueue(jobId);

    public Task<bool> HasUnfinishedAsync(Guid subjectId, CancellationToken cancellationToken) =>
        db.Set<Job>().AnyAsync(j => j.SubjectId == subjectId && (j.Status == JobStatus.Waiting || j.Status == JobStatus.Active), cancellationToken);

    public Task<int> CountUnfinishedForUserAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Set<Job>().CountAsync(j => j.UserId == userId && (j.Status == JobStatus.Waiting || j.Status == JobStatus.Active), cancellationToken);

    public bool HasStreamRoom(Guid userId) => streamSlots.HasRoom(userId);

    public IDisposable? TryOpenStream(Guid userId) => streamSlots.TryOpen(userId);

    public async Task<JobInfo?> FindUnfinishedAsync(Guid subjectId, CancellationToken cancellationToken) =>
        await db.Set<Job>().AsNoTracking()
            .Where(j => j.SubjectId == subjectId && (j.Status == JobStatus.Waiting || j.Status == JobStatus.Active))
            .OrderByDescending(j => j.CreatedAt)
            .Select(j => new JobInfo(j.Id, j.UserId, j.Kind, j.SubjectId, j.Payload))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<string> RequestStopAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var stoppedBeforeStart = await db.Set<Job>()
            .Where(j => j.Id == jobId && j.Status == JobStatus.Waiting)
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Status, JobStatus.Stopped).SetProperty(j => j.Progress, 100)
                    .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.StopRequestedAt, now),
                cancellationToken);
        if (stoppedBeforeStart == 1)
        {
            await unrunJobs.EndAsync(db, transaction, handlers, jobId, JobFrames.Create(JobStatus.Stopped, jobId), now, cancellationToken);
            return JobStatus.Waiting;
        }

        await db.Set<Job>().Where(j => j.Id == jobId && j.Status == JobStatus.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.StopRequestedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (liveJobs.TryGet(jobId, out var log))
        {
            log.RequestStop();
        }

        return await db.Set<Job>().Where(j => j.Id == jobId).Select(j => j.Status).FirstAsync(cancellationToken);
    }

    public async Task<JobLookup> FindAsync(Guid jobId, Guid userId, CancellationToken cancellationToken)
    {
        var job = await db.Set<Job>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return new JobLookup(JobLookupOutcome.NotFound, null, null);
        }

        return job.UserId != userId
            ? new JobLookup(JobLookupOutcome.Forbidden, null, null)
            : new JobLookup(JobLookupOutcome.Found, job.Info(), job.Status);
    }

    public IAsyncEnumerable<JobStreamItem> ReadStreamAsync(JobInfo job, int after, CancellationToken cancellationToken) =>
        reader.ReadAsync(job, after, cancellationToken);
}
