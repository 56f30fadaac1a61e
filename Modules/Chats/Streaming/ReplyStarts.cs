using KissChat.Chats.Data;
using KissChat.Chats.Groups;
using KissChat.Chats.Prompt;
using KissChat.Chats.Replies;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Chats.Streaming;

/// <summary>
/// Opens a reply's stream with the request's database work (checks, the user's message, the job) done in a scope of its
/// own that ends before the first frame: the request's scope lives as long as its stream, and a context leased for a
/// reply that takes minutes is most of what an open stream would cost.
/// </summary>
internal sealed class ReplyStarts(IServiceScopeFactory scopes, IJobStreams streams, PromptReadAhead readAheads)
{
    /// <summary>What a reply's start may use to prepare it; all of one short scope.</summary>
    /// <param name="CancellationToken">What its statements take: never the request's (see <see cref="StartAsync"/>).</param>
    public sealed record Work(ChatWrites Writes, GroupSpeakers Speakers, KissChatDbContext Db, CancellationToken CancellationToken);

    /// <summary>
    /// <see cref="ChatWrites.StartReplyAsync"/>, in a short scope. Not cancelled by a client that leaves: once its request
    /// is read, the user's message and the reply are stored and the reply runs, whether the tab stays open a few
    /// milliseconds more or not (only its stream ends with the request). A server that stops meanwhile ends the reply
    /// as it ends those already running, with the message kept.
    /// </summary>
    /// <param name="readAhead">
    /// The prompt the job would read, when the start can tell it from the chat (a reply to the message it stores, as
    /// pending): it is then read in a scope of its own while the start's statements run, up to the chat's last message
    /// when the start read it (the start's own message may be committed before the read), and the reply waits for one
    /// round of reads fewer before the model is asked.
    /// </param>
    /// <param name="request">What the client sent: its Idempotency-Key, if any, names the reply (<see cref="ChatWrites.StartReplyAsync"/>).</param>
    public Task<Results<ReplyStream, ProblemHttpResult>> StartAsync(
        ReplyRequest request,
        Guid chatId,
        Guid userId,
        Func<Work, Chat, Task<(ReplyPayload? Payload, ProblemHttpResult? Problem)>> prepare,
        Func<Chat, PromptRequest?>? readAhead = null) =>
        scopes.InScopeAsync(scope =>
        {
            var work = new Work(scope.GetRequiredService<ChatWrites>(), scope.GetRequiredService<GroupSpeakers>(), scope.GetRequiredService<KissChatDbContext>(), CancellationToken.None);
            return work.Writes.StartReplyAsync(
                chatId,
                userId,
                chat => prepare(work, chat),
                readAhead is null ? null : read => readAhead(read.Chat) is { } prompt ? readAheads.Start(prompt, read) : null,
                RequestKey.Of(request.IdempotencyKey, request),
                work.CancellationToken);
        });

    /// <summary>
    /// The stream of the user's job after frame <paramref name="after"/>; 204 when a finished job has nothing after it
    /// (on which a browser's EventSource stops reconnecting, where a 200 with an empty stream would make it retry forever).
    /// </summary>
    public async Task<Results<ReplyStream, NoContent, ProblemHttpResult>> ResumeAsync(Guid jobId, Guid userId, int after, CancellationToken cancellationToken)
    {
        var lookup = await scopes.InScopeAsync(scope => scope.GetRequiredService<IJobs>().FindAsync(jobId, userId, cancellationToken));
        if (JobAccess.Problem(lookup) is { } problem)
        {
            return problem;
        }

        return after >= lookup.LastFrameId ? TypedResults.NoContent() : new ReplyStream(streams, lookup.Job!, after);
    }
}
