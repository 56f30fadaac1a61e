using KissChat.Jobs.Contracts;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Mvc;

namespace KissChat.Chats.StreamReply;

internal static class StreamReplyEndpoint
{
    /// <summary>
    /// Resumes (or replays) a reply's stream: frames after <c>Last-Event-ID</c> (header, as browsers send on
    /// reconnect, or <c>last_event_id</c> query for clients that cannot set headers), nothing lost or repeated.
    /// </summary>
    public static async Task<Results<JobEventStream, ProblemHttpResult>> Handle(
        Guid jobId,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        [FromQuery(Name = "last_event_id")] string? lastEventIdQuery,
        CurrentUser me,
        IJobs jobs,
        CancellationToken cancellationToken)
    {
        var raw = lastEventIdHeader ?? lastEventIdQuery;
        var after = 0;
        if (!string.IsNullOrEmpty(raw) && (!int.TryParse(raw, out after) || after < 0))
        {
            return Problems.BadRequest("Last-Event-ID must be a frame id (a non-negative whole number).");
        }

        var lookup = await jobs.FindAsync(jobId, me.Id, cancellationToken);
        return lookup.Problem is { } problem ? problem : jobs.Stream(lookup.Job!, after);
    }
}
