using Coravel.Invocable;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Jobs.Running;

/// <summary>
/// A finished job keeps its text so that its token frames can be replayed; after <c>Jobs:ReplayRetentionHours</c>
/// nobody resumes mid-reply, the final frame still carries the whole reply, and the copy goes.
/// </summary>
/// <remarks>
/// Jobs are kept when they end, so a pass over all of them grows with every reply ever made, and on SQLite it holds the
/// write turn while it reads (200,000 jobs: 0.2–1 s). The first pass of a process looks at every job; later ones only at
/// jobs begun since a day before the last pass's mark, through the index of statuses and start times.
/// </remarks>
internal sealed class PruneReplayText(KissChatDbContext db, JobsOptions options, ReplayPruneMark mark, TimeProvider clock) : IInvocable
{
    // Longer than any job runs (the model's deadlines end hung replies, the sweep ends a dead instance's): a job begun
    // that long before the last pass had ended by then, and that pass pruned it if it was old enough.
    private static readonly TimeSpan LongestJob = TimeSpan.FromDays(1);

    public async Task Invoke()
    {
        var finishedBefore = clock.GetUtcNow().UtcDateTime - options.ReplayRetention;
        var jobs = db.Set<Job>().Where(j => j.FinishedAt != null && j.FinishedAt <= finishedBefore && j.Text != null);
        if (mark.PrunedUntil is { } until)
        {
            var begunAfter = until - LongestJob;
            jobs = jobs.Where(j => (j.Status == JobStatus.Completed || j.Status == JobStatus.Failed || j.Status == JobStatus.Stopped) && j.CreatedAt > begunAfter);
        }

        await jobs.ExecuteUpdateAsync(set => set.SetProperty(j => j.Text, (string?)null).SetProperty(j => j.TokenLengths, (string?)null));
        mark.PrunedUntil = finishedBefore;
    }
}

/// <summary>How far this instance's pruning has come: jobs that finished by then have no replay text left.</summary>
internal sealed class ReplayPruneMark
{
    public DateTime? PrunedUntil { get; set; }
}
