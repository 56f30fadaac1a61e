using System.Text.Json.Nodes;
using FastEndpoints;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Jobs.Running;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Jobs.Status;

internal sealed record JobStatusRequest(Guid JobId);

/// <param name="Result">For a finished job: <c>{"success", "response", "chatHistory", …}</c>, as its kind of job has it.</param>
internal sealed record JobStatusResponse(string Status, int Progress, IReadOnlyDictionary<string, object?>? Result, string? Error);

internal sealed class JobStatusEndpoint(CurrentUser me, IJobs jobs, KissChatDbContext db, LiveJobs liveJobs, IServiceProvider services, ILogger<JobStatusEndpoint> logger)
    : Endpoint<JobStatusRequest, Results<Ok<JobStatusResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/v1/job/status/{jobId}");
        Description(b => b.WithTags("Jobs").WithName("GetJobStatus").ProducesProblems(403, 404));
        Summary(s => s.Summary = "State, progress, result or error of one of your jobs.");
    }

    public override async Task<Results<Ok<JobStatusResponse>, ProblemHttpResult>> ExecuteAsync(JobStatusRequest request, CancellationToken ct)
    {
        var lookup = await jobs.FindAsync(request.JobId, me.Id, ct);
        if (lookup.Outcome != JobLookupOutcome.Found)
        {
            return lookup.Outcome == JobLookupOutcome.Forbidden
                ? Problems.Forbidden("This job belongs to another user.")
                : Problems.NotFound("Job not found.");
        }

        // Gone since the lookup only with its account.
        if (await db.Set<Job>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == request.JobId, ct) is not { } job)
        {
            return Problems.NotFound("Job not found.");
        }

        Dictionary<string, object?>? result = null;
        if (JobStatus.IsFinished(job.Status))
        {
            result = new Dictionary<string, object?> { ["success"] = job.Status == JobStatus.Completed };
            if (job.Result is not null)
            {
                if (await ExpandAsync(lookup.Job!, job.Result, ct) is not { } expanded)
                {
                    // Asked again, it would fail again: the job answers as its stream ends, where every poll was a 500.
                    return TypedResults.Ok(new JobStatusResponse(JobStatus.Failed, job.Progress, new Dictionary<string, object?> { ["success"] = false }, JobStreamReader.UnreadableError));
                }

                foreach (var (key, value) in expanded)
                {
                    result[key] = value;
                }
            }
        }

        // A job running here is further along than its last checkpoint says.
        if (liveJobs.TryGet(job.Id, out var live) && !JobStatus.IsFinished(job.Status))
        {
            return TypedResults.Ok(new JobStatusResponse(live.StartedAt is null ? JobStatus.Waiting : JobStatus.Active, live.Progress, null, null));
        }

        return TypedResults.Ok(new JobStatusResponse(job.Status, job.Progress, result, job.Error));
    }

    /// <summary>
    /// The job's stored result as its handler expands it; null, logged, when the stored result cannot be made into one (the
    /// stream reader meets it so too). A failure of the database is not the row's: it escapes, a 503 while the database
    /// is out of reach, as everywhere.
    /// </summary>
    private async Task<JsonObject?> ExpandAsync(JobInfo job, string storedResult, CancellationToken ct)
    {
        try
        {
            return await services.GetRequiredKeyedService<IJobHandler>(job.Kind).ExpandResultAsync(job, JsonNode.Parse(storedResult)!.AsObject(), ct);
        }
        catch (Exception exception) when (!DatabaseFailure.Is(exception) && !ct.IsCancellationRequested)
        {
            logger.LogError(exception, "The stored result of job {JobId} could not be read back; its status says it failed", job.Id);
            return null;
        }
    }
}
