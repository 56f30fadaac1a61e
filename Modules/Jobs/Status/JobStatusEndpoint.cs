using System.Text.Json.Nodes;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Jobs.Status;

/// <param name="Result">For a finished job: <c>{"success", "response", "chatHistory", …}</c>.</param>
internal sealed record JobStatusResponse(string Status, int Progress, JsonObject? Result, string? Error);

internal static class JobStatusEndpoint
{
    public static async Task<Results<Ok<JobStatusResponse>, ProblemHttpResult>> Handle(
        Guid jobId, CurrentUser me, IJobs jobs, KissChatDbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        var lookup = await jobs.FindAsync(jobId, me.Id, cancellationToken);
        if (lookup.Problem is { } problem)
        {
            return problem;
        }

        var job = await db.Set<Job>().AsNoTracking().FirstAsync(j => j.Id == jobId, cancellationToken);
        JsonObject? result = null;
        if (JobStatus.IsFinished(job.Status))
        {
            result = new JsonObject { ["success"] = job.Status == JobStatus.Completed };
            if (job.Result is not null)
            {
                var stored = JsonNode.Parse(job.Result)!.AsObject();
                var expanded = await services.GetRequiredKeyedService<IJobHandler>(job.Kind).ExpandResultAsync(lookup.Job!, stored, cancellationToken);
                foreach (var (key, value) in expanded)
                {
                    result[key] = value?.DeepClone();
                }
            }
        }

        return TypedResults.Ok(new JobStatusResponse(job.Status, job.Progress, result, job.Error));
    }
}
