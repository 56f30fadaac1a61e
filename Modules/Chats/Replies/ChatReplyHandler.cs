using KissChat.Inference.Contracts;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.Memory;
using KissChat.Chats.Messages;
using KissChat.Chats.Prompt;
using KissChat.Chats.Streaming;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ChatMessage = KissChat.Chats.Data.ChatMessage;

namespace KissChat.Chats.Replies;

/// <summary>
/// Generates one assistant reply (a new message, a new swipe of one, or its continuation): streams the model's
/// tokens as frames and stores the text when it is complete and not empty, or, when the user stops it, what had
/// streamed, marked stopped. A thinking model's reasoning streams as frames of its own and is kept with the reply. A
/// provider failure ends the job failed with a clear message; what had streamed before it is kept, marked interrupted,
/// for the user to continue or regenerate (as SillyTavern keeps it), and the reply's cost is given back all the same. A
/// reply stopped or cut while its model only reasoned is kept so too, its reasoning on a reply with no text, which later
/// prompts leave out (see <see cref="ChatPrompts"/>).
/// </summary>
/// <remarks>
/// The scope it is resolved in (<paramref name="jobScope"/>: the job's, while it runs) lives as long as the reply; what leases
/// a database context is taken from it only after the model has answered, and the prompt is read in a scope of its own
/// (see <see cref="IJobHandler"/>).
/// </remarks>
internal sealed class ChatReplyHandler(
    IServiceProvider jobScope,
    IServiceScopeFactory scopes,
    IChatClient model,
    PromptReadAhead readAheads,
    DatabaseSettings database,
    TimeProvider clock,
    ILogger<ChatReplyHandler> logger) : IJobHandler
{
    public const string Kind = "chat.reply";
    private const string TargetGone = "The message to regenerate or continue no longer exists.";
    private const string ChatGone = "The chat was deleted while the reply was being written.";
    private const string Restarted = "The server restarted while this reply was being generated.";
    private const string Cut = "This reply was interrupted before it ended.";

    public string DeletedMeanwhileError => "The chat or its message was deleted while the reply was being written.";

    /// <summary>The start that queued the job failed to commit: the job ends with nothing written, its end unseen.</summary>
    private const string NotStored = "The message this reply answers was not stored.";

    // What the job stages to store at its end. A handler serves one job, but one scope may salvage several (a ban ends all
    // of an account's replies in one request): each salvage starts from nothing (ForgetStaged).

    /// <summary>What this job's prompt left out, for the summary queued once it has ended.</summary>
    private int droppedThroughSeq;
    private string? replyModel;

    /// <summary>The completed frame's whole <c>chatHistory</c>, when the prompt had read the chat whole and the reply was added to it.</summary>
    private List<HistoryEntry>? historyWithReply;

    /// <summary>A new message to store when the job ends (<see cref="StoreAsync"/>); a regenerate or continue changes a tracked one instead.</summary>
    private ChatMessage? newReply;

    /// <summary>The chat's world-info timers as this reply's prompt left them, stored with the reply; null when it left them as they were.</summary>
    private LoreTimers? loreTimers;

    /// <summary>The chat's variables as this reply's prompt (and its scripts on the reply) left them, stored with the reply when they changed.</summary>
    private ChatVariables? variables;

    /// <summary>The user's message this reply answers with its macros filled, as it is stored with the reply (SillyTavern fills it once, as it is sent).</summary>
    private HistoryMessage? answeredAtSend;

    /// <summary>Nothing of a job salvaged before in this scope is stored with the next (its new reply inserted twice failed that one).</summary>
    private void ForgetStaged()
    {
        (droppedThroughSeq, replyModel, historyWithReply, newReply) = (0, null, null, null);
        (loreTimers, variables, answeredAtSend) = (null, null, null);
    }

    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken) =>
        GenerateAsync(JsonSerializer.Deserialize<ReplyPayload>(context.Job.Payload)!, context, cancellationToken);

    private async Task<JobOutcome> GenerateAsync(ReplyPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        var (prompt, refusal) = await ReadAheadAsync(context) is { } ready ? (ready, null)
            : await context.Stored ? await ReadPromptAsync(payload, context.Job.UserId, cancellationToken) : (null, NotStored);
        if (prompt is null)
        {
            return JobOutcome.Failed(refusal!);
        }

        droppedThroughSeq = prompt.DroppedThroughSeq;
        loreTimers = prompt.LoreTimers;
        variables = prompt.Variables;
        answeredAtSend = prompt.AnsweredAtSend;
        replyModel = prompt.Settings.Model;
        var answer = new ModelAnswer(prompt.Settings.MaxTokens!.Value);
        var failure = await StreamAsync(prompt.Messages, GenerationRequest.Options(prompt.Settings), context, answer, cancellationToken);
        var stopped = context.StopRequested.IsCancellationRequested;
        var failed = failure is not null && !stopped;
        var empty = answer.Emptiness();
        if (empty is not null && !((stopped || failed) && answer.HasAnythingToKeep))
        {
            return stopped ? JobOutcome.Stopped(null) : JobOutcome.Failed(failure ?? empty);
        }

        var status = stopped ? MessageStatus.Stopped : failed ? MessageStatus.Interrupted : MessageStatus.Complete;
        var text = empty is null ? ModelAnswer.WithoutNul(answer.Text) : string.Empty;
        // A continuation's scripts run on the whole message it makes (see StageAsync), as SillyTavern's do.
        text = payload.Mode == ReplyModes.Continue ? text : prompt.Scripts?.Stored(text, CharacterRegex.ModelOutput) ?? text;
        var reasoning = answer.Reasoning.Length > 0 ? ModelAnswer.WithoutNul(answer.Reasoning) : null;
        // A stop or the server's stopping cancelled the token this job ran with; keeping what streamed must not be cancelled by it too.
        var (message, notStored) = await StageAsync(payload, context.Job.Id, new StagedReply(text, reasoning, status), prompt.Read!, prompt.Scripts, stopped || failed ? CancellationToken.None : cancellationToken);
        if (message is null)
        {
            return JobOutcome.Failed(notStored!);
        }

        var result = Result(payload, message);
        if (failed)
        {
            return JobOutcome.Failed(Kept(failure!), result);
        }

        if (!stopped)
        {
            answer.WriteEnding(result);
        }

        return stopped ? JobOutcome.Stopped(result) : JobOutcome.Completed(result);
    }

    /// <summary>
    /// A reply whose instance died keeps what its checkpoints saved, as one its provider cut off keeps what streamed:
    /// interrupted when the sweep ends it, stopped when its user does. As streamed: the card's scripts, the chat's
    /// variables and lore timers are its prompt's, which went with its instance.
    /// </summary>
    public async Task<JobOutcome?> SalvageAsync(JobInfo job, JobOutcome ending, StreamedText streamed, CancellationToken cancellationToken)
    {
        var written = !string.IsNullOrWhiteSpace(streamed.Text);
        if (!written && streamed.Reasoning.Length == 0)
        {
            return null;
        }

        ForgetStaged();
        var payload = JsonSerializer.Deserialize<ReplyPayload>(job.Payload)!;
        // The chat stays busy while its reply runs, so its newest message is the one the reply answers.
        var newest = await jobScope.GetRequiredService<KissChatDbContext>().Set<ChatMessage>()
            .Where(m => m.ChatId == payload.ChatId).MaxAsync(m => (int?)m.Seq, cancellationToken) ?? 0;
        var stopped = ending.Status == JobStatus.Stopped;
        var reply = new StagedReply(written ? streamed.Text : string.Empty, streamed.Reasoning.Length > 0 ? streamed.Reasoning : null, stopped ? MessageStatus.Stopped : MessageStatus.Interrupted);
        var (message, _) = await StageAsync(payload, job.Id, reply, new MessagesRead(newest, null), scripts: null, cancellationToken);
        return message is null ? null : stopped ? JobOutcome.Stopped(Result(payload, message)) : JobOutcome.Failed(Kept(Cut), Result(payload, message));
    }

    /// <summary>What a reply's final frame says of its message, and its job keeps as its result.</summary>
    private static JsonObject Result(ReplyPayload payload, ChatMessage message)
    {
        var result = new JsonObject
        {
            ["response"] = message.Content,
            ["chat_id"] = payload.ChatId.ToString(),
            ["message_id"] = message.Id.ToString(),
        };
        if (payload.Speaker is { } speaker)
        {
            result[ReplyPayload.SpeakerField] = speaker.ToString();
        }

        if (message.Reasoning is { } kept)
        {
            result["reasoning"] = kept;
        }

        return result;
    }

    private static string Kept(string failure) => $"{failure} The reply so far was kept: continue or regenerate it.";

    /// <summary>The prompt the reply's start read while it stored the message (see <see cref="PromptReadAhead"/>), if it did and could.</summary>
    private async Task<BuiltPrompt?> ReadAheadAsync(JobContext context)
    {
        if (context.Prepared is not Task<BuiltPrompt?> reading || await reading is not { } prompt)
        {
            return null;
        }

        readAheads.Used();
        return prompt;
    }

    /// <summary>The prompt, read in a scope that ends before the model is called; or why there is none.</summary>
    private Task<(BuiltPrompt? Prompt, string? Refusal)> ReadPromptAsync(ReplyPayload payload, Guid userId, CancellationToken cancellationToken) =>
        scopes.InScopeAsync<(BuiltPrompt?, string?)>(async scope =>
        {
            var target = await TargetAsync(scope.GetRequiredService<KissChatDbContext>().Set<ChatMessage>().AsNoTracking(), payload, cancellationToken);
            if (payload.Mode != ReplyModes.Reply && target is null)
            {
                return (null, TargetGone);
            }

            var prompt = await scope.GetRequiredService<ChatPrompts>().BuildAsync(
                PromptFor(payload, userId, payload.Mode == ReplyModes.Regenerate ? target!.Seq - 1 : int.MaxValue), cancellationToken);
            return prompt is null ? (null, "The chat was deleted before the reply started.") : (prompt, null);
        });

    /// <summary>The prompt a reply job reads for its payload, up to <paramref name="untilSeq"/>; a reply's start reads the same ahead of it.</summary>
    public static PromptRequest PromptFor(ReplyPayload payload, Guid userId, int untilSeq = int.MaxValue) =>
        new(payload.ChatId, userId, untilSeq, payload.Overrides, Continue: payload.Mode == ReplyModes.Continue, Speaker: payload.Speaker, Regenerate: payload.Mode == ReplyModes.Regenerate);

    /// <summary>The message a regenerate or continue acts on; null for a new reply, or when it is gone.</summary>
    private static Task<ChatMessage?> TargetAsync(IQueryable<ChatMessage> messages, ReplyPayload payload, CancellationToken cancellationToken) =>
        payload.TargetMessageId is { } targetId
            ? messages.FirstOrDefaultAsync(m => m.Id == targetId && m.ChatId == payload.ChatId, cancellationToken)
            : Task.FromResult<ChatMessage?>(null);

    /// <summary>The reply failed (what had streamed may be kept) or nothing was stored for it (a stop before it began, a shutdown), so whatever it cost is given back.</summary>
    public async Task AbandonedAsync(JobInfo job, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<ReplyPayload>(job.Payload)!;
        if (payload.Charged > 0)
        {
            await jobScope.GetRequiredService<ICredits>().RefundAsync(job.UserId, payload.Charged, payload.ChatId, cancellationToken);
        }
    }

    /// <summary>A reply that left messages out of its prompt may queue the chat's summary: after it, never in its way.</summary>
    public Task EndedAsync(JobInfo job, string status, CancellationToken cancellationToken) =>
        status == JobStatus.Completed ? jobScope.GetRequiredService<ChatMemories>().QueueIfDueAsync(new SummaryPayload(job.SubjectId!.Value, droppedThroughSeq, replyModel), job.UserId, cancellationToken) : Task.CompletedTask;

    public async Task<JsonObject> ExpandResultAsync(JobInfo job, JsonObject storedResult, CancellationToken cancellationToken)
    {
        var db = jobScope.GetRequiredService<KissChatDbContext>();
        var chatId = job.SubjectId!.Value;
        var last = JsonSerializer.Deserialize<ReplyPayload>(job.Payload)!.History;
        var history = historyWithReply is not null
            ? ChatHistory.Of(historyWithReply, last)
            : await ChatHistory.UntilAsync(db, chatId, newReply?.Seq ?? await UntilSeqAsync(db, storedResult, cancellationToken), last, cancellationToken);
        // Only chats from before prompts were built at each turn store a system message; others need no look at the character.
        if (history.Any(h => h.Role == ChatRoles.System)
            && !await SystemPrompts.AreVisibleAsync((await db.Set<Chat>().FindAsync([chatId], cancellationToken))?.CharacterId, job.UserId, jobScope.GetRequiredService<ICharacterCatalog>(), cancellationToken))
        {
            history = history.Select(h => h.Role == ChatRoles.System ? h with { Content = string.Empty } : h).ToList();
        }

        var expanded = storedResult.DeepClone().AsObject();
        expanded["chatHistory"] = ChatHistory.Json(history);
        return expanded;
    }

    /// <summary>The position of the result's message: a regenerated or continued one is still tracked right after it is stored, and found without a query.</summary>
    private static async Task<int> UntilSeqAsync(KissChatDbContext db, JsonObject storedResult, CancellationToken cancellationToken) =>
        Guid.TryParse((string?)storedResult["message_id"], out var id) && await db.Set<ChatMessage>().FindAsync([id], cancellationToken) is { } message ? message.Seq : int.MaxValue;

    /// <summary>
    /// Streams the answer as the job's frames; returns the provider's error, or null when it finished or was stopped.
    /// The model client already retried what could be retried within the reply's deadline.
    /// </summary>
    private async Task<string?> StreamAsync(
        IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions options, JobContext context, ModelAnswer answer, CancellationToken cancellationToken)
    {
        var maxTokens = Math.Max(1, answer.MaxTokens);
        try
        {
            await foreach (var piece in answer.ReadAsync(model, messages, options, cancellationToken))
            {
                if (piece.IsReasoning)
                {
                    context.EmitReasoning(piece.Text);
                    continue;
                }

                context.EmitToken(piece.Text);
                context.ReportProgress(answer.Text.Length / 4 * 100 / maxTokens);
            }

            if (answer.CutAtLimit)
            {
                logger.LogWarning("The model went on past {Characters} characters of a {MaxTokens}-token reply for job {JobId}; the reply ends there", answer.MaxCharacters, maxTokens, context.Job.Id);
            }

            return null;
        }
        catch (OperationCanceledException) when (context.StopRequested.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && answer.HasAnythingToKeep)
        {
            // The server stops (or another instance ended the job, and this end is dropped): what streamed is kept as a failure's is.
            return Restarted;
        }
        catch (ModelProviderException exception)
        {
            logger.LogWarning("Model provider failed for job {JobId}: {Detail}", context.Job.Id, exception.OperatorDetail ?? exception.Message);
            return exception.Message;
        }
    }

    /// <summary>A continuation's reasoning follows the reasoning its message had.</summary>
    private static string? Continued(string? before, string? added) =>
        before is null ? added : added is null ? before : $"{before}\n\n{added}";

    /// <summary>
    /// Readies what the reply stores, saved with the job's final state or not at all. A new message is kept here and
    /// written by <see cref="StoreAsync"/>; a message to regenerate or continue is read again in the job's context and
    /// changed there: the chat stays busy while the reply runs, so nothing else changed it meanwhile, and a new message
    /// takes the place after the newest one the prompt read.
    /// </summary>
    /// <param name="scripts">The character's regex scripts, for a continuation's whole message.</param>
    private async Task<(ChatMessage? Message, string? NotStored)> StageAsync(
        ReplyPayload payload, Guid jobId, StagedReply reply, MessagesRead read, CharacterRegex? scripts, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (text, reasoning, status) = reply;
        if (payload.Mode == ReplyModes.Reply)
        {
            newReply = new ChatMessage
            {
                Id = Guid.CreateVersion7(), ChatId = payload.ChatId, Seq = read.NewestSeq + 1, Role = ChatRoles.Assistant, Content = text, Status = status,
                JobId = jobId, CharacterId = payload.Speaker, CreatedAt = now, Reasoning = reasoning,
            };
            historyWithReply = read.Whole is { } whole ? [.. whole, new HistoryEntry(ChatRoles.Assistant, text)] : null;
            // The message it answers, the newest read, as it is stored with it.
            if (historyWithReply is { Count: >= 2 } && answeredAtSend is { } answered)
            {
                historyWithReply[^2] = historyWithReply[^2] with { Content = answered.Content };
            }
            return (newReply, null);
        }

        var db = jobScope.GetRequiredService<KissChatDbContext>();
        var chat = await ChatAccess.FindAsync(db, payload.ChatId, cancellationToken);
        if (chat is null)
        {
            return (null, ChatGone);
        }

        var target = await TargetAsync(db.Set<ChatMessage>(), payload, cancellationToken);
        if (target is null)
        {
            return (null, TargetGone);
        }

        chat.UpdatedAt = now;
        if (payload.Mode == ReplyModes.Regenerate)
        {
            var index = await db.Set<MessageSwipe>().CountAsync(s => s.MessageId == target.Id, cancellationToken);
            if (index == 0)
            {
                db.Add(FirstSwipe.Of(target));
                index = 1;
            }

            db.Add(new MessageSwipe { MessageId = target.Id, Index = index, Content = text, Status = status, CharacterId = payload.Speaker, CreatedAt = now, Reasoning = reasoning });
            target.Content = text;
            target.CharacterId = payload.Speaker;
            target.SwipeIndex = index;
            target.Status = status;
            target.Reasoning = reasoning;
            return (target, null);
        }

        var continued = PromptAssembly.Continued(target.Content, text);
        target.Content = scripts?.Stored(continued, CharacterRegex.ModelOutput) ?? continued;
        target.Status = status;
        target.Reasoning = Continued(target.Reasoning, reasoning);
        await db.Set<MessageSwipe>().Where(s => s.MessageId == target.Id && s.Index == target.SwipeIndex)
            .ForEachAsync(s => (s.Content, s.Status, s.Reasoning) = (target.Content, status, target.Reasoning), cancellationToken);
        return (target, null);
    }

    /// <param name="Reasoning">The model's reasoning for it; null when it gave none.</param>
    private sealed record StagedReply(string Text, string? Reasoning, string Status);

    public async Task<string?> StoreAsync(JobInfo job, CancellationToken cancellationToken)
    {
        var db = jobScope.GetRequiredService<KissChatDbContext>();
        if (newReply is { } message && !await NewReplyRows.InsertAsync(db, database.Provider, message, cancellationToken))
        {
            return ChatGone;
        }

        if (answeredAtSend is { } answered)
        {
            await db.Set<ChatMessage>().Where(m => m.ChatId == job.SubjectId && m.Seq == answered.Seq && m.Role == ChatRoles.User)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Content, answered.Content), cancellationToken);
        }

        // Only a reply that is kept moves the chat's stickies and cooldowns on, and keeps what its macros did to the variables.
        var metadata = variables is { Changed: true } ? variables.Metadata() : null;
        if (loreTimers is not null || metadata is not null)
        {
            await db.Set<Chat>().Where(c => c.Id == job.SubjectId).ExecuteUpdateAsync(
                s =>
                {
                    if (loreTimers is { } timers)
                    {
                        s.SetProperty(c => c.LoreTimers, timers);
                    }

                    if (metadata is not null)
                    {
                        s.SetProperty(c => c.ChatMetadata, metadata);
                    }
                },
                cancellationToken);
        }

        return null;
    }
}
