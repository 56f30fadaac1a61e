using Coravel.Invocable;
using KissChat.Jobs.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Jobs.Running;

/// <summary>
/// A finished job keeps its text so that its token frames can be replayed; after <c>Jobs:ReplayRetentionHours</c>
/// nobody resumes mid-reply, the final frame still carries the whole reply, and the copy goes.
/// </summary>
internal sealed class PruneReplayText(KissChatDbContext db, JobsOptions options, TimeProvider clock) : IInvocable
{
    public Task Invoke()
    {
        var finishedBefore = clock.GetUtcNow().UtcDateTime - options.ReplayRetention;
        return db.Set<Job>()
            .Where(j => j.FinishedAt != null && j.FinishedAt <= finishedBefore && j.Text != null)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.Text, (string?)null).SetProperty(j => j.TokenLengths, (string?)null));
    }
}
