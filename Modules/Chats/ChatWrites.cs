using System.Text.Json;
using KissChat.Chats.Data;
using KissChat.Chats.Impersonate;
using KissChat.Chats.Prompt;
using KissChat.Chats.Replies;
using KissChat.Chats.Streaming;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats;

/// <summary>
/// Changes to a chat's messages happen one at a time and never while a reply is being generated: the chat is
/// locked first, then a running job means 409. Replies start through the same gate.
/// </summary>
internal sealed class ChatWrites(
    KissChatDbContext db,
    IJobs jobs,
    IJobStreams streams,
    ICredits credits,
    ChatsOptions options,
    RateLimitSettings limits,
    RateLimitRejections rejections,
    PromptReadAhead readAheads,
    ImpersonationSlots impersonations,
    TimeProvider clock)
{
    public const string BusyMessage = "A reply is still being generated in this chat; wait for it, stop it, or resume its stream.";

    /// <summary>Runs <paramref name="change"/> on the user's chat and saves it; a returned problem rolls everything back.</summary>
    public Task<ProblemHttpResult?> ChangeAsync(Guid chatId, Guid userId, Func<Chat, Task<ProblemHttpResult?>> change, CancellationToken cancellationToken) =>
        ChangeAsync(chatId, userId, change, replyStart: null, cancellationToken);

    /// <param name="replyStart">
    /// Set for a reply's start: <paramref name="change"/> checks the chat's replies itself and changes none of the chat's
    /// fields, so the chat is read untracked and its time written by one statement; the user is locked with the chat.
    /// </param>
    private Task<ProblemHttpResult?> ChangeAsync(
        Guid chatId, Guid userId, Func<Chat, Task<ProblemHttpResult?>> change, ReplyStart? replyStart, CancellationToken cancellationToken) =>
        // On SQLite the change waits for the process's write turn between its read and its transaction, and a connection
        // held through that wait would be one more open connection per waiting writer, to save a checkout.
        db.WriteGate.IsShared
            ? FindAndChangeAsync(chatId, userId, change, replyStart, cancellationToken)
            : db.OnOneConnectionAsync(() => FindAndChangeAsync(chatId, userId, change, replyStart, cancellationToken), cancellationToken);

    private async Task<ProblemHttpResult?> FindAndChangeAsync(
        Guid chatId, Guid userId, Func<Chat, Task<ProblemHttpResult?>> change, ReplyStart? replyStart, CancellationToken cancellationToken)
    {
        var (chat, problem) = replyStart is not null
            ? await replyStart.FindChatAsync(db, chatId, userId, cancellationToken)
            : await ChatAccess.FindOwnAsync(db, chatId, userId, cancellationToken);
        if (chat is null)
        {
            return problem;
        }

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        // On PostgreSQL a change waits at its lock for the chat's previous one to commit (on SQLite the instance's writers
        // already take turns), so the busy check below sees every reply started before it. A reply's start also
        // counts the user's replies, under a lock on the user taken by the same statement.
        if (replyStart is not null)
        {
            // The time is taken before the lock's wait: it only has to differ from the time read, which it follows.
            var (touched, userJobs) = await ChatAccess.LockAndTouchAsync(
                db, chatId, userId, clock.GetUtcNow().UtcDateTime, seen: chat.UpdatedAt, jobs.UnfinishedSubjectsQuery(userId, ChatReplyHandler.Kind, replyStart.Key), cancellationToken);
            replyStart.Read(userJobs);
            switch (touched)
            {
                case Touched.Gone:
                    return ChatAccess.NotFound();
                case Touched.Changed:
                    replyStart.Drop();
                    break;
            }
        }
        else
        {
            await db.LockAsync(chatId, cancellationToken);
            chat.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            if (await jobs.FindUnfinishedAsync(chatId, cancellationToken) is not null)
            {
                return Problems.Conflict(BusyMessage);
            }
        }

        if (await change(chat) is { } refused)
        {
            return refused;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            // Not cancelled by a browser that leaves meanwhile: a commit cut short might have happened or not, and a reply
            // started on it goes on whether its tab stays open or not.
            await transaction.CommitAsync(CancellationToken.None);
            return null;
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("The chat changed at the same moment; try again.");
        }
    }

    /// <summary>
    /// Stores what <paramref name="prepare"/> adds (the user's message) together with a reply job, then streams
    /// the job. The job runs on its own: closing the stream does not stop it. Every refusal comes before anything is
    /// stored: the stream's place is taken first, and the user's replies are counted under a lock on the user.
    /// </summary>
    /// <param name="readAhead">
    /// Starts reading the reply's prompt from the chat as the start first read it (and its messages up to the last one
    /// then), while its message and job are stored (null: the job reads it). The job gets it only if nothing changed the
    /// chat before the start locked it.
    /// </param>
    /// <param name="key">
    /// The client's Idempotency-Key: when the user has a job stored with it, nothing is stored and that job's stream is
    /// answered from its first frame (the same request sent again), or 422 (another request under the same key).
    /// </param>
    public async Task<Results<ReplyStream, ProblemHttpResult>> StartReplyAsync(
        Guid chatId,
        Guid userId,
        Func<Chat, Task<(ReplyPayload? Payload, ProblemHttpResult? Problem)>> prepare,
        Func<ChatForPrompt, Task<BuiltPrompt?>?>? readAhead,
        RequestKey? key,
        CancellationToken cancellationToken)
    {
        var slot = streams.TryOpen(userId);
        if (slot is null)
        {
            return ReplyStream.TooManyStreams;
        }

        JobInfo? job = null;
        EarlyJob? early = null;
        var start = new ReplyStart(readAhead, readAheads, key);
        UserJobRow? sentBefore = null;
        var stored = false;
        try
        {
            var problem = await ChangeAsync(chatId, userId, chat => StoreReplyAsync(chat), start, cancellationToken);
            if (sentBefore is { } keyed)
            {
                return await AnswerAgainAsync(keyed, key!, userId, cancellationToken);
            }

            if (problem is not null)
            {
                return problem;
            }

            stored = true;
        }
        finally
        {
            // Refused, or failed: the job queued before the commit (if any) is stopped, and the stream's place given back.
            if (!stored)
            {
                early?.Abandon();
                slot.Dispose();
            }
        }

        if (early is null)
        {
            jobs.Enqueue(job!, start.Prompt);
        }
        else
        {
            early.Committed();
        }

        return new ReplyStream(streams, job!, after: 0, slot);

        async Task<ProblemHttpResult?> StoreReplyAsync(Chat chat)
        {
            // Sent before: nothing is stored (the problem rolls the chat's time back), and the job it stored answers.
            if (start.Keyed is { } keyed)
            {
                sentBefore = keyed;
                return Problems.Conflict(RequestKey.Header);
            }

            // Background work (summaries) neither makes the chat busy nor counts as one of the user's replies.
            var running = start.Running;
            if (running.Contains(chatId))
            {
                return Problems.Conflict(BusyMessage);
            }

            if (running.Count + impersonations.Running(userId) >= limits.ConcurrentGenerationsPerUser)
            {
                rejections.Count(RateLimits.ConcurrentGenerations);
                return Problems.TooManyRequests("Too many replies are being generated for you at once; wait for one to finish.", TimeSpan.FromSeconds(5));
            }

            var (payload, refused) = await prepare(chat);
            if (refused is not null)
            {
                return refused;
            }

            // Charged inside the transaction: if anything below fails, the coins were never taken.
            var charged = options.CreditsEnabled ? await credits.TryChargeAsync(userId, options.CostPerReply, CoinReasons.Reply, chatId, cancellationToken) : 0;
            if (charged is null)
            {
                return Problems.PaymentRequired($"You are out of kiss coins: a reply costs {options.CostPerReply}. Go premium or top up to keep chatting.");
            }

            job = jobs.Add(new NewJob(ChatReplyHandler.Kind, userId, chatId, JsonSerializer.Serialize(payload! with { Charged = charged.Value }), key));

            // On PostgreSQL the commit is a round trip that waits for the server's disk: a reply whose prompt is being
            // read ahead asks the model meanwhile. Its stream begins only after the commit, and nothing of it is written
            // before it (if the read fails, the job reads the prompt once the commit is through).
            if (start.Prompt is { } prompt && !db.WriteGate.IsShared)
            {
                early = jobs.EnqueueBeforeCommit(job, prompt);
            }

            return null;
        }
    }

    /// <summary>The stream of the job a request's key stored, from its first frame; 422 when the key came with another request.</summary>
    private async Task<Results<ReplyStream, ProblemHttpResult>> AnswerAgainAsync(UserJobRow keyed, RequestKey key, Guid userId, CancellationToken cancellationToken)
    {
        if (keyed.KeyedRequestHash != key.Fingerprint)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, $"This {RequestKey.Header} was sent before with another request; send a new request with a new key.");
        }

        var lookup = await jobs.FindAsync(keyed.KeyedJobId!.Value, userId, cancellationToken);
        return JobAccess.Problem(lookup) ?? (Results<ReplyStream, ProblemHttpResult>)new ReplyStream(streams, lookup.Job!, after: 0, answeredAgain: true);
    }

    /// <summary>A message of this chat, tracked for changing, or the 404 to answer.</summary>
    public async Task<(ChatMessage? Message, ProblemHttpResult? Problem)> FindMessageAsync(Chat chat, Guid messageId, CancellationToken cancellationToken)
    {
        var message = await db.Set<ChatMessage>().FirstOrDefaultAsync(m => m.Id == messageId && m.ChatId == chat.Id, cancellationToken);
        return message is null ? (null, Problems.NotFound("Message not found in this chat.")) : (message, null);
    }

    /// <summary>The newest message, which regenerate and continue act on.</summary>
    public Task<ChatMessage?> LastMessageAsync(Guid chatId, CancellationToken cancellationToken) =>
        db.Set<ChatMessage>().Where(m => m.ChatId == chatId).OrderByDescending(m => m.Seq).FirstOrDefaultAsync(cancellationToken);

    /// <summary>A reply's start, and the prompt read for it while it runs, if any.</summary>
    private sealed class ReplyStart(Func<ChatForPrompt, Task<BuiltPrompt?>?>? readAhead, PromptReadAhead readAheads, RequestKey? key)
    {
        public Task<BuiltPrompt?>? Prompt { get; private set; }

        public RequestKey? Key => key;

        /// <summary>The chats of the user's unfinished replies, one entry per reply, read under the user's lock.</summary>
        public IReadOnlyList<Guid?> Running { get; private set; } = [];

        /// <summary>The user's job stored with <see cref="Key"/>, read under the user's lock, if any.</summary>
        public UserJobRow? Keyed { get; private set; }

        public void Read(List<UserJobRow> userJobs)
        {
            Running = [.. userJobs.Where(j => j.KeyedJobId is null).Select(j => j.SubjectId)];
            var keyed = userJobs.Find(j => j.KeyedJobId is not null);
            Keyed = keyed.KeyedJobId is null ? null : keyed;
        }

        /// <summary>The chat was read before a change that committed meanwhile: the job reads it again.</summary>
        public void Drop()
        {
            if (Prompt is not null)
            {
                Prompt = null;
                readAheads.Changed();
            }
        }

        /// <summary>The user's chat, or the 404 or 403 to answer; the prompt's read starts from it.</summary>
        public async Task<(Chat? Chat, ProblemHttpResult? Problem)> FindChatAsync(KissChatDbContext db, Guid chatId, Guid userId, CancellationToken cancellationToken)
        {
            var (read, problem) = await ChatAccess.FindOwnForReplyAsync(db, chatId, userId, cancellationToken);
            if (read is not null)
            {
                Prompt = readAhead?.Invoke(read);
            }

            return (read?.Chat, problem);
        }
    }
}
