using KissChat.Jobs.Contracts;
using KissChat.Kernel.Http;

namespace KissChat.Chats;

internal static class JobAccess
{
    /// <summary>The 404 or 403 to answer when the job looked up is not the user's; null when it is.</summary>
    public static ProblemHttpResult? Problem(JobLookup lookup) => lookup.Outcome switch
    {
        JobLookupOutcome.NotFound => Problems.NotFound("Job not found."),
        JobLookupOutcome.Forbidden => Problems.Forbidden("This job belongs to another user."),
        _ => null,
    };
}
