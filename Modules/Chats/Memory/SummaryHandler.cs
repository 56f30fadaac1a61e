using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Chats.Data;
using KissChat.Chats.Prompt;
using KissChat.Chats.Replies;
using KissChat.Inference.Contracts;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ChatMessage = KissChat.Chats.Data.ChatMessage;

namespace KissChat.Chats.Memory;

/// <summary>
/// Folds the messages the chat's prompt leaves out into its running summary: the previous summary and the next messages
/// not yet in it (up to <c>Memory:ChunkTokens</c> of them) go to the model, whose answer becomes the summary, round after
/// round until fewer than <c>Memory:MinNewMessages</c> left out are not in it. Each round's summary is kept as a snapshot
/// (<see cref="MemorySnapshots"/>). A stale summary goes on from its newest snapshot (after a rebuild, none: from the first
/// message), however few messages are left out after it. A round never overwrites a summary changed meanwhile (the next
/// round starts from the change); a failure keeps the summary as it was and sets when to try again. Each read and write
/// has a short scope of its own: none is held while the model writes.
/// </summary>
internal sealed class SummaryHandler(
    IServiceScopeFactory scopes,
    IChatClient model,
    MemoryOptions options,
    ITokenCounter counter,
    TimeProvider clock,
    ILogger<SummaryHandler> logger) : IJobHandler
{
    public const string Kind = "chat.summary";
    public const string EmptyError = "The model returned an empty summary.";

    public const string Instruction =
        "You keep the running summary of a role-play chat. Rewrite the summary so that it also covers the new messages: "
        + "keep names, facts, relationships, places, decisions, promises and open threads; leave out small talk. "
        + "Write plain prose in the past tense. Reply with the summary only.";

    /// <summary>Rounds one job may take; a longer backlog is taken up by the next reply's job, so other chats' summaries get their places.</summary>
    private const int MaxRounds = 20;

    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<SummaryPayload>(context.Job.Payload)!;
        var chatId = payload.ChatId;
        var (droppedThroughSeq, modelId) = payload.DroppedThroughSeq is { } known
            ? (known, payload.Model)
            : await scopes.InScopeAsync(scope => scope.GetRequiredService<ChatPrompts>().BuildAsync(new PromptRequest(chatId, context.Job.UserId), cancellationToken)) is { } prompt
                ? (prompt.DroppedThroughSeq, prompt.Settings.Model)
                : (0, null);
        for (var round = 0; round < MaxRounds; round++)
        {
            var (memory, start, messages) = await scopes.WithDatabaseAsync(db => NextRoundAsync(db, chatId, droppedThroughSeq, cancellationToken));
            if (memory is null)
            {
                return JobOutcome.Failed("The chat was deleted.");
            }

            if (messages.Count == 0)
            {
                // Nothing (worth a call) is left out that the summary does not cover: a stale one is what it goes on from.
                if (memory.Stale || memory.LastError is not null)
                {
                    await SaveAsync(memory, start.Summary, start.ThroughSeq, cancellationToken);
                }

                return Done(chatId);
            }

            var summary = await SummariseAsync(start.Summary, messages, options.Model ?? modelId, cancellationToken);
            if (summary.Error is { } error)
            {
                await FailedAsync(memory, error, cancellationToken);
                return JobOutcome.Failed(error);
            }

            await SaveAsync(memory, summary.Text!, messages[^1].Seq, cancellationToken);
        }

        return Done(chatId);
    }

    public Task<JsonObject> ExpandResultAsync(JobInfo job, JsonObject storedResult, CancellationToken cancellationToken) => Task.FromResult(storedResult);

    public Task AbandonedAsync(JobInfo job, CancellationToken cancellationToken) => Task.CompletedTask;

    private static JobOutcome Done(Guid chatId) => JobOutcome.Completed(new JsonObject { ["chat_id"] = chatId.ToString() });

    /// <summary>
    /// The chat's memory (null when the chat is gone), the summary its next round goes on from (a stale one's newest
    /// snapshot) and the messages that round folds (none when none is due).
    /// </summary>
    private async Task<(ChatMemory? Memory, SummaryThrough Start, List<ChatMessage> Messages)> NextRoundAsync(
        KissChatDbContext db, Guid chatId, int droppedThroughSeq, CancellationToken cancellationToken)
    {
        var memory = await db.Set<ChatMemory>().AsNoTracking().FirstOrDefaultAsync(m => m.ChatId == chatId, cancellationToken);
        if (memory is null)
        {
            return (null, SummaryThrough.None, []);
        }

        var start = !memory.Stale ? new SummaryThrough(memory.Summary, memory.ThroughSeq)
            : await db.Set<ChatMemorySnapshot>().AsNoTracking().Where(s => s.MemoryId == memory.Id).OrderByDescending(s => s.ThroughSeq)
                .Select(s => new SummaryThrough(s.Summary, s.ThroughSeq)).FirstOrDefaultAsync(cancellationToken) ?? SummaryThrough.None;
        // As after a reply: a few messages left out wait for more, so each model call folds a worthwhile batch.
        var due = memory.Stale || droppedThroughSeq - start.ThroughSeq >= options.MinNewMessages;
        return (memory, start, due ? await NextMessagesAsync(db, chatId, start.ThroughSeq, droppedThroughSeq, cancellationToken) : []);
    }

    /// <summary>The messages after <paramref name="from"/> up to <paramref name="through"/>, as many as one round folds (at least one).</summary>
    private async Task<List<ChatMessage>> NextMessagesAsync(KissChatDbContext db, Guid chatId, int from, int through, CancellationToken cancellationToken)
    {
        var chunk = new List<ChatMessage>();
        var tokens = 0;
        await foreach (var message in db.Set<ChatMessage>().AsNoTracking()
            .Where(m => m.ChatId == chatId && m.Seq > from && m.Seq <= through)
            .Where(ModelHistory.Includes)
            .OrderBy(m => m.Seq)
            .AsAsyncEnumerable()
            .WithCancellation(cancellationToken))
        {
            tokens += counter.Count(message.Content);
            if (chunk.Count > 0 && tokens > options.ChunkTokens)
            {
                break;
            }

            chunk.Add(message);
        }

        return chunk;
    }

    private async Task<(string? Text, string? Error)> SummariseAsync(string previous, IReadOnlyList<ChatMessage> messages, string? modelId, CancellationToken cancellationToken)
    {
        var request = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(previous))
        {
            request.Append("Summary so far:\n").Append(previous).Append("\n\n");
        }

        request.Append("New messages:\n");
        foreach (var message in messages)
        {
            request.Append(ChatRoles.TranscriptLabel(message.Role)).Append(": ").Append(message.Content).Append('\n');
        }

        // Read as a reply is: a model that ignores its length limit is cut at it, not stored (and sent at every turn) whole.
        var answer = new ModelAnswer(options.MaxSummaryTokens);
        try
        {
            var chatOptions = new ChatOptions { ModelId = modelId, MaxOutputTokens = options.MaxSummaryTokens };
            await foreach (var _ in answer.ReadAsync(model, [new(ChatRole.System, Instruction), new(ChatRole.User, request.ToString())], chatOptions, cancellationToken))
            {
            }
        }
        catch (ModelProviderException exception)
        {
            logger.LogWarning("Model provider failed for a summary: {Detail}", exception.OperatorDetail ?? exception.Message);
            return (null, exception.Message);
        }

        var summary = ModelAnswer.WithoutNul(answer.Text).Trim();
        return summary.Length == 0 ? (null, EmptyError) : (summary, null);
    }

    /// <summary>Stores the summary, and its snapshot, unless it changed since it was read; a change is taken up by the next round.</summary>
    private Task SaveAsync(ChatMemory read, string summary, int throughSeq, CancellationToken cancellationToken) =>
        scopes.WithDatabaseAsync(async db =>
        {
            await using var write = await db.BeginWriteAsync(cancellationToken);
            // The chat's lock, which a user's change of the memory holds from its read to its commit: on PostgreSQL a round
            // saved between the two was overwritten by the change, which then claimed to cover what the round had added.
            await db.LockAsync(read.ChatId, cancellationToken);
            var saved = await db.Set<ChatMemory>()
                .Where(m => m.Id == read.Id && m.Version == read.Version)
                .ExecuteUpdateAsync(
                    set => set.SetProperty(m => m.Summary, summary).SetProperty(m => m.ThroughSeq, throughSeq).SetProperty(m => m.Stale, false)
                        .SetProperty(m => m.Version, read.Version + 1).SetProperty(m => m.UpdatedAt, clock.GetUtcNow().UtcDateTime)
                        .SetProperty(m => m.LastError, (string?)null).SetProperty(m => m.Attempts, 0).SetProperty(m => m.RetryAt, (DateTime?)null),
                    cancellationToken);
            if (saved > 0)
            {
                await MemorySnapshots.KeepAsync(db, read.Id, new SummaryThrough(summary, throughSeq), cancellationToken);
            }

            await write.CommitAsync(cancellationToken);
            return saved;
        });

    /// <summary>Keeps the summary as it is and sets when to try again.</summary>
    private Task FailedAsync(ChatMemory read, string error, CancellationToken cancellationToken)
    {
        var attempts = read.Attempts + 1;
        var retryAt = clock.GetUtcNow().UtcDateTime + options.RetryAfter(attempts);
        var stored = error.Length > ChatMemory.MaxErrorLength ? error[..ChatMemory.MaxErrorLength] : error;
        return scopes.WithDatabaseAsync(db => db.Set<ChatMemory>()
            .Where(m => m.Id == read.Id)
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.LastError, stored).SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.RetryAt, retryAt),
                cancellationToken));
    }
}
