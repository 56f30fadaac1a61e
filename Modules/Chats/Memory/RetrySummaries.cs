using Coravel.Invocable;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Chats.Memory;

/// <summary>
/// Every <c>Memory:SweepSeconds</c>: queues the summaries whose last attempt failed and whose wait is over, and the stale
/// ones whose job could not be queued when they became stale (their chat's summary job was just ending).
/// </summary>
internal sealed class RetrySummaries(KissChatDbContext db, IServiceScopeFactory scopes, MemoryOptions options, TimeProvider clock) : IInvocable
{
    /// <summary>Summaries queued per sweep, so a backlog of failed ones is not all in memory, and at the model, at once.</summary>
    private const int PerSweep = 20;

    public async Task Invoke()
    {
        if (!options.Enabled)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<ChatMemory>().AsNoTracking()
            .Where(m => m.RetryAt == null ? m.Stale : m.RetryAt <= now)
            .OrderBy(m => m.UpdatedAt)
            .Join(db.Set<Chat>(), m => m.ChatId, c => c.Id, (m, c) => new { m.ChatId, c.UserId })
            .Take(PerSweep)
            .ToListAsync(CancellationToken.None);
        foreach (var memory in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ChatMemories>().QueueAsync(memory.ChatId, memory.UserId, CancellationToken.None);
        }
    }
}
