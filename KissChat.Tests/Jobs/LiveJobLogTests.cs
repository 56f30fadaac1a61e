using KissChat.Jobs.Contracts;
using KissChat.Jobs.Running;

namespace KissChat.Tests.Jobs;

/// <summary>
/// A stream waiting on a job's live log is woken on the thread that adds the frame: the frame is written before the
/// job reads the model's next token, with no thread-pool hop in between (the streams benchmark measures what that saves).
/// </summary>
public class LiveJobLogTests
{
    [Fact]
    public void AWaitingListenerHasEachFrameBeforeTheCallThatAddedItReturns()
    {
        var log = new LiveJobLog(new JobInfo(Guid.NewGuid(), Guid.NewGuid(), "test", null, "{}"), default);
        var seen = new List<int>();
        var listening = ListenAsync(log, seen);
        Assert.Equal([1], seen);

        log.Start(DateTime.UtcNow);
        Assert.Equal([1, 2], seen);

        log.AppendToken("Hel");
        log.AppendToken("lo");
        Assert.Equal([1, 2, 3, 4], seen);

        log.Finish([]);
        Assert.Equal([1, 2, 3, 4, 5], seen);
        Assert.False(listening.IsCompleted);

        log.Close();
        Assert.True(listening.IsCompletedSuccessfully);
    }

    /// <summary>Reads the log as a stream does: the frames after the last one seen, then a wait for the next, until it closes.</summary>
    private static async Task ListenAsync(LiveJobLog log, List<int> seen)
    {
        var after = 0;
        while (!log.IsClosed)
        {
            var (frames, changed) = log.After(after);
            foreach (var frame in frames)
            {
                seen.Add(frame.Id);
                after = frame.Id;
            }

            await changed;
        }
    }
}
