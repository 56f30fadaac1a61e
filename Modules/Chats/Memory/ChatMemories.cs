using System.Text.Json;
using KissChat.Chats.Data;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Memory;

/// <summary>What the summary job of a chat is given: the chat (the job's subject is the chat's memory, not the chat).</summary>
/// <param name="DroppedThroughSeq">
/// Queued after a reply: the last message its prompt left out, and the model it used, so the job need not build the prompt
/// again (on a long chat that is the job's main cost, paid while the user's next reply is being built). Otherwise null.
/// </param>
internal sealed record SummaryPayload(Guid ChatId, int? DroppedThroughSeq = null, string? Model = null);

/// <summary>
/// Changes a chat's running summary and queues its summary job, at most one per chat at a time. Replies queue one when
/// their prompt left out enough messages the summary does not cover yet; edits of covered messages take it back to its
/// snapshot before them (<see cref="MemorySnapshots"/>).
/// </summary>
internal sealed class ChatMemories(KissChatDbContext db, IJobs jobs, MemoryOptions options, TimeProvider clock)
{
    /// <summary>After a reply: queues a summary when it is due, cheaply when it is not (one read, or none).</summary>
    /// <param name="reply">The chat, and what the reply's prompt left out and its model.</param>
    public async Task QueueIfDueAsync(SummaryPayload reply, Guid userId, CancellationToken cancellationToken)
    {
        var (chatId, droppedThroughSeq) = (reply.ChatId, reply.DroppedThroughSeq ?? 0);
        if (!options.Enabled || droppedThroughSeq == 0)
        {
            return;
        }

        var memory = await db.Set<ChatMemory>().AsNoTracking()
            .Where(m => m.ChatId == chatId)
            .Select(m => new { m.ThroughSeq, m.Stale, m.RetryAt })
            .FirstOrDefaultAsync(cancellationToken);
        var waiting = memory?.RetryAt > clock.GetUtcNow().UtcDateTime;
        var behind = droppedThroughSeq - (memory?.ThroughSeq ?? 0) >= options.MinNewMessages;
        if (!waiting && (behind || memory?.Stale == true))
        {
            await ChangeAsync(reply, userId, change: null, queue: true, cancellationToken);
        }
    }

    /// <summary>Queues the chat's summary job unless one is waiting or running (after a covered message changed, a failure's wait).</summary>
    public Task QueueAsync(Guid chatId, Guid userId, CancellationToken cancellationToken) =>
        ChangeAsync(new SummaryPayload(chatId), userId, change: null, queue: true, cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the chat's memory (made if it has none; its snapshots follow: the summary as
    /// changed is the newest, a stale one has none) and, with <paramref name="queue"/>, queues its summary job unless one
    /// is waiting or running. Returns that job's id.
    /// </summary>
    public async Task<Guid?> ChangeAsync(SummaryPayload job, Guid userId, Action<ChatMemory>? change, bool queue, CancellationToken cancellationToken)
    {
        var chatId = job.ChatId;
        JobInfo? added = null;
        Guid? jobId = null;
        await using (var write = await db.BeginWriteAsync(cancellationToken))
        {
            await db.LockAsync(chatId, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var memory = await db.Set<ChatMemory>().FirstOrDefaultAsync(m => m.ChatId == chatId, cancellationToken);
            if (memory is null)
            {
                memory = new ChatMemory { Id = Guid.CreateVersion7(), ChatId = chatId, UpdatedAt = now };
                db.Add(memory);
            }

            if (change is not null)
            {
                change(memory);
                memory.Version++;
                memory.UpdatedAt = now;
            }

            if (queue)
            {
                jobId = (await jobs.FindUnfinishedAsync(memory.Id, cancellationToken))?.Id;
                if (jobId is null)
                {
                    added = jobs.Add(new NewJob(SummaryHandler.Kind, userId, memory.Id, JsonSerializer.Serialize(job)));
                    jobId = added.Id;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            if (change is not null)
            {
                // A stale summary is redone from its newest snapshot: after a rebuild, from none.
                await MemorySnapshots.KeepAsync(db, memory.Id, memory.Stale ? SummaryThrough.None : new SummaryThrough(memory.Summary, memory.ThroughSeq), cancellationToken);
            }

            // Not cancelled meanwhile: a commit cut short may have happened, and its job must then be queued.
            await write.CommitAsync(CancellationToken.None);
        }

        if (added is not null)
        {
            jobs.Enqueue(added);
        }

        return jobId;
    }

    /// <summary>
    /// Within a change of the chat's messages from position <paramref name="seq"/> on: a summary that covers them goes back
    /// to its newest snapshot before them (none: to nothing), and is stale until its job has gone on from there as after a
    /// reply. Returns whether it was, so the caller queues that job (<see cref="QueueAsync"/>) once the change is stored.
    /// </summary>
    public async Task<bool> MarkStaleFromAsync(Guid chatId, int seq, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return false;
        }

        // The memory first: on PostgreSQL its row stays locked from here, so a round ending meanwhile cannot store a snapshot
        // from the old messages after the drop below (its write waits, then finds the version changed).
        var before = db.Set<ChatMemorySnapshot>().Where(s => s.ThroughSeq < seq).OrderByDescending(s => s.ThroughSeq);
        var stale = await db.Set<ChatMemory>()
            .Where(m => m.ChatId == chatId && m.ThroughSeq >= seq)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(m => m.Summary, m => before.Where(s => s.MemoryId == m.Id).Select(s => s.Summary).FirstOrDefault() ?? string.Empty)
                    .SetProperty(m => m.ThroughSeq, m => before.Where(s => s.MemoryId == m.Id).Select(s => s.ThroughSeq).FirstOrDefault())
                    .SetProperty(m => m.Stale, true).SetProperty(m => m.Version, m => m.Version + 1)
                    .SetProperty(m => m.UpdatedAt, clock.GetUtcNow().UtcDateTime),
                cancellationToken) > 0;
        if (stale)
        {
            await MemorySnapshots.DropFromAsync(db, chatId, seq, cancellationToken);
        }

        return stale;
    }
}
