using FastEndpoints;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.StopGeneration;

internal sealed record StopGenerationRequest(Guid JobId);

internal sealed record JobState(Guid JobId, string Status);

/// <summary>
/// Stops a generation from any tab: the text streamed so far is kept, marked stopped, and every stream of
/// the job ends with a <c>stopped</c> frame and <c>[DONE]</c>.
/// </summary>
internal sealed class StopGenerationEndpoint(CurrentUser me, IJobs jobs)
    : Endpoint<StopGenerationRequest, Results<Accepted<MessageDataResponse<JobState>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/stop/{jobId}");
        Group<ChatsGroup>();
        Description(b => b.WithName("StopGeneration").ProducesProblems(403, 404, 409));
        Summary(s => s.Summary = "Stop a running generation; the text so far is kept, marked stopped.");
    }

    public override async Task<Results<Accepted<MessageDataResponse<JobState>>, ProblemHttpResult>> ExecuteAsync(
        StopGenerationRequest request, CancellationToken ct)
    {
        var lookup = await jobs.FindAsync(request.JobId, me.Id, ct);
        if (JobAccess.Problem(lookup) is { } problem)
        {
            return problem;
        }

        if (JobStatus.IsFinished(lookup.Status!))
        {
            return Problems.Conflict($"The generation already ended ({lookup.Status}).");
        }

        if (await jobs.RequestStopAsync(request.JobId, ct) is not { } was)
        {
            return Problems.NotFound("Job not found.");
        }

        var now = was == JobStatus.Waiting ? JobStatus.Stopped : was;
        return TypedResults.Accepted(
            $"/api/v1/job/status/{request.JobId}", new MessageDataResponse<JobState>("Stopping the generation.", new JobState(request.JobId, now)));
    }
}
