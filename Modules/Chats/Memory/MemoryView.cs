using KissChat.Chats.Data;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Memory;

/// <summary>The messages a summary covers: the chat's messages up to position <paramref name="ThroughSeq"/>.</summary>
/// <param name="Messages">How many (the greeting and every turn; not an older chat's stored system message).</param>
internal sealed record MemoryCoverage(int ThroughSeq, int Messages, Guid? FirstMessageId, Guid? LastMessageId);

/// <param name="Summary">What the prompt carries in place of the messages it leaves out.</param>
/// <param name="State"><c>none</c> (nothing summarised yet), <c>current</c>, <c>stale</c> (a covered message changed: it went back to
/// its summary before that message, and goes on from there; or a rebuild was asked for: it is redone from the first), <c>pending</c> (a summary job is waiting or running) or <c>failed</c> (the last attempt failed; tried again at <c>retry_at</c>).</param>
/// <param name="JobId">The summary job waiting or running, if any (<c>GET job/status/{jobId}</c>); in the 202 of a rebuild, the job
/// it queued or joined, which may have finished by the time the view was read.</param>
internal sealed record MemoryView(
    string Summary, string State, MemoryCoverage Covers, DateTime? UpdatedAt, string? LastError, int Attempts, DateTime? RetryAt, Guid? JobId);

internal static class MemoryViews
{
    public static async Task<MemoryView> ReadAsync(KissChatDbContext db, IJobs jobs, Guid chatId, CancellationToken cancellationToken)
    {
        var memory = await db.Set<ChatMemory>().AsNoTracking().FirstOrDefaultAsync(m => m.ChatId == chatId, cancellationToken);
        if (memory is null)
        {
            return new MemoryView(string.Empty, "none", new MemoryCoverage(0, 0, null, null), null, null, 0, null, null);
        }

        var covered = db.Set<ChatMessage>().AsNoTracking().Where(m => m.ChatId == chatId && m.Seq <= memory.ThroughSeq && m.Role != ChatRoles.System);
        var coverage = new MemoryCoverage(
            memory.ThroughSeq,
            await covered.CountAsync(cancellationToken),
            await covered.OrderBy(m => m.Seq).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(cancellationToken),
            await covered.OrderByDescending(m => m.Seq).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(cancellationToken));
        var job = await jobs.FindUnfinishedAsync(memory.Id, cancellationToken);
        var state = job is not null ? "pending"
            : memory.LastError is not null ? "failed"
            : memory.Stale ? "stale"
            : memory.Summary.Length == 0 ? "none"
            : "current";
        return new MemoryView(memory.Summary, state, coverage, memory.UpdatedAt, memory.LastError, memory.Attempts, memory.RetryAt, job?.Id);
    }
}
