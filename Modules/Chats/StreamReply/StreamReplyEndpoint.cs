using FastEndpoints;
using KissChat.Chats.Streaming;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.StreamReply;

/// <summary>Resumes (or replays) a reply's stream: the frames after Last-Event-ID, nothing lost or repeated.</summary>
internal sealed class StreamReplyEndpoint(CurrentUser me, IJobs jobs) : Endpoint<StreamReplyRequest, Results<ReplyStream, NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/stream/{jobId}");
        Group<ChatsGroup>();
        Description(b => b.WithName("StreamReply").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Resume or replay a reply's SSE stream after Last-Event-ID.");
    }

    /// <summary>
    /// A finished job resumed at or after its last frame has nothing more to send: 204, on which a browser's
    /// EventSource stops reconnecting (a 200 with an empty stream would make it retry every few seconds forever).
    /// </summary>
    public override async Task<Results<ReplyStream, NoContent, ProblemHttpResult>> ExecuteAsync(StreamReplyRequest request, CancellationToken ct)
    {
        var lookup = await jobs.FindAsync(request.JobId, me.Id, ct);
        if (JobAccess.Problem(lookup) is { } problem)
        {
            return problem;
        }

        return request.After >= lookup.LastFrameId ? TypedResults.NoContent() : new ReplyStream(jobs, lookup.Job!, request.After!.Value);
    }
}
