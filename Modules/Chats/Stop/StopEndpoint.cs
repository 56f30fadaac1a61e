using KissChat.Jobs.Contracts;
using KissChat.Kernel.Http;

namespace KissChat.Chats.Stop;

internal sealed record JobState(Guid JobId, string Status);

internal static class StopEndpoint
{
    /// <summary>
    /// Stops a generation from any tab: the text streamed so far is kept, marked stopped, and every stream of
    /// the job ends with a <c>stopped</c> frame and <c>[DONE]</c>.
    /// </summary>
    public static async Task<Results<Accepted<MessageDataResponse<JobState>>, ProblemHttpResult>> Stop(
        Guid jobId, CurrentUser me, IJobs jobs, CancellationToken cancellationToken)
    {
        var lookup = await jobs.FindAsync(jobId, me.Id, cancellationToken);
        if (lookup.Problem is { } problem)
        {
            return problem;
        }

        if (JobStatus.IsFinished(lookup.Status!))
        {
            return Problems.Conflict($"The generation already ended ({lookup.Status}).");
        }

        var was = await jobs.RequestStopAsync(jobId, cancellationToken);
        var now = was == JobStatus.Waiting ? JobStatus.Stopped : was;
        return TypedResults.Accepted($"/api/v1/job/status/{jobId}", new MessageDataResponse<JobState>("Stopping the generation.", new JobState(jobId, now)));
    }
}
