using FastEndpoints;
using KissChat.Chats.Streaming;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.StreamReply;

/// <summary>Resumes (or replays) a reply's stream: the frames after Last-Event-ID, nothing lost or repeated.</summary>
internal sealed class StreamReplyEndpoint(CurrentUser me, ReplyStarts replies) : Endpoint<StreamReplyRequest, Results<ReplyStream, NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/stream/{jobId}");
        Group<ChatsGroup>();
        Description(b => b.WithName("StreamReply").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Resume or replay a reply's SSE stream after Last-Event-ID.");
    }

    public override Task<Results<ReplyStream, NoContent, ProblemHttpResult>> ExecuteAsync(StreamReplyRequest request, CancellationToken ct) =>
        replies.ResumeAsync(request.JobId, me.Id, request.After!.Value, ct);
}
