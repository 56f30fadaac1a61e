using KissChat.Jobs.Contracts;
using KissChat.Jobs.Running;

namespace KissChat.Tests.Jobs;

/// <summary>
/// A stop that ended a job's row between its start's commit and its queueing here: the job stops as it opens, whichever
/// of the two comes first, and never runs.
/// </summary>
public sealed class LiveJobsTests
{
    private static readonly JobInfo Job = new(Guid.CreateVersion7(), Guid.CreateVersion7(), "reply", Guid.CreateVersion7(), "{}");

    [Fact]
    public void AJobStoppedBeforeItOpensIsStoppedAsItOpens()
    {
        var live = new LiveJobs();

        live.StopOnOpen(Job.Id);
        live.Open(Job, default, null, Task.FromResult(true));

        Assert.True(live.TryGet(Job.Id, out var log));
        Assert.True(log.StopRequested.IsCancellationRequested);
    }

    [Fact]
    public void AJobOpenedAsTheStopArrivesIsStoppedAndOthersAreNot()
    {
        var live = new LiveJobs();
        var other = Job with { Id = Guid.CreateVersion7() };
        live.Open(Job, default, null, Task.FromResult(true));
        live.Open(other, default, null, Task.FromResult(true));

        live.StopOnOpen(Job.Id);

        Assert.True(live.TryGet(Job.Id, out var log) && log.StopRequested.IsCancellationRequested);
        Assert.True(live.TryGet(other.Id, out var running) && !running.StopRequested.IsCancellationRequested);
    }
}
