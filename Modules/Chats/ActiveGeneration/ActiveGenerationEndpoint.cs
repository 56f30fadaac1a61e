using System.Text.Json;
using FastEndpoints;
using KissChat.Chats.Data;
using KissChat.Chats.Replies;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.ActiveGeneration;

internal sealed record ActiveGenerationRequest(Guid Id);

/// <param name="StreamUrl">Where to resume the stream (with Last-Event-ID).</param>
/// <param name="Mode">A reply's kind: <c>reply</c> (a new message), <c>regenerate</c> (a new swipe of the chat's last reply) or <c>continue</c> (more of it).</param>
/// <param name="MessageId">The message a <c>regenerate</c> or <c>continue</c> writes to.</param>
internal sealed record ActiveGeneration(Guid JobId, string StreamUrl, string? Mode = null, Guid? MessageId = null);

/// <param name="Error">What the reply's <c>failed</c> frame said.</param>
internal sealed record ReplyFailure(Guid JobId, string Error, DateTime FailedAt);

/// <summary>The seed's <c>{"data": …}</c> envelope, whose data is null while nothing is being generated.</summary>
/// <param name="LastFailure">
/// While nothing runs: the chat's last reply, when it failed (within a day, and nothing was written in the chat since), so a
/// client that was away when it failed can say so; null otherwise.
/// </param>
internal sealed record ActiveGenerationResponse(ActiveGeneration? Data, ReplyFailure? LastFailure = null);

/// <summary>Which generation is running in a chat, so a client that comes back can resume its stream.</summary>
internal sealed class ActiveGenerationEndpoint(CurrentUser me, KissChatDbContext db, IJobs jobs, TimeProvider clock)
    : Endpoint<ActiveGenerationRequest, Results<Ok<ActiveGenerationResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/{id}/active");
        Group<ChatsGroup>();
        Description(b => b.WithName("GetActiveGeneration").ProducesProblems(403, 404));
        Summary(s => s.Summary = "The generation running in a chat, if any, its kind (mode, message_id) and where to resume its stream; else the chat's last reply if it failed (last_failure).");
    }

    public override async Task<Results<Ok<ActiveGenerationResponse>, ProblemHttpResult>> ExecuteAsync(ActiveGenerationRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        var running = await jobs.FindUnfinishedAsync(request.Id, ct);
        if (running is not null)
        {
            var reply = running.Kind == ChatReplyHandler.Kind ? JsonSerializer.Deserialize<ReplyPayload>(running.Payload) : null;
            return TypedResults.Ok(new ActiveGenerationResponse(new ActiveGeneration(running.Id, $"/api/v1/chat/stream/{running.Id}", reply?.Mode, reply?.TargetMessageId)));
        }

        var failure = await jobs.FindFailureAsync(request.Id, ChatReplyHandler.Kind, clock.GetUtcNow().UtcDateTime.AddDays(-1), ct);
        return TypedResults.Ok(new ActiveGenerationResponse(null, failure is not null && chat.UpdatedAt < failure.FailedAt && await NothingWrittenSinceAsync(request.Id, failure.FailedAt, ct)
            ? new ReplyFailure(failure.JobId, failure.Error, failure.FailedAt)
            : null));
    }

    /// <summary>
    /// Whether the failure is the chat's latest news (with the chat's time, which a reply's end moves on, also one that
    /// continues or regenerates what a failed reply kept, and its own end sets before it fails): the chat was busy until
    /// the failure, so any message written since (a reply that worked, a new prompt) is newer than its end.
    /// </summary>
    private async Task<bool> NothingWrittenSinceAsync(Guid chatId, DateTime failedAt, CancellationToken ct) =>
        await db.Set<ChatMessage>().Where(m => m.ChatId == chatId).OrderByDescending(m => m.Seq).Select(m => (DateTime?)m.CreatedAt).FirstOrDefaultAsync(ct) is not { } newest
        || newest < failedAt;
}
