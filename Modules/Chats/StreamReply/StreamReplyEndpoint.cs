using FastEndpoints;
using KissChat.Chats.Streaming;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.StreamReply;

/// <summary>Resumes (or replays) a reply's stream: the frames after Last-Event-ID, nothing lost or repeated.</summary>
internal sealed class StreamReplyEndpoint(CurrentUser me, IJobs jobs) : Endpoint<StreamReplyRequest, Results<ReplyStream, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/stream/{jobId}");
        Group<ChatsGroup>();
        Description(b => b.WithName("StreamReply").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Resume or replay a reply's SSE stream after Last-Event-ID.");
    }

    public override async Task<Results<ReplyStream, ProblemHttpResult>> ExecuteAsync(StreamReplyRequest request, CancellationToken ct)
    {
        var lookup = await jobs.FindAsync(request.JobId, me.Id, ct);
        return JobAccess.Problem(lookup) is { } problem ? problem : new ReplyStream(jobs, lookup.Job!, request.After!.Value);
    }
}
