using System.Text;
using System.Text.Json;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Running;
using KissChat.Jobs.Streaming;

namespace KissChat.Tests.Jobs;

public sealed class LiveJobLogTests
{
    [Fact]
    public void AListenersSliceKeepsItsFramesWhileTheLogGrowsPastIt()
    {
        var log = new LiveJobLog(new JobInfo(Guid.NewGuid(), Guid.NewGuid(), "chat.reply", null, "{}"), default, prepared: null, JobContext.StoredAlready);
        log.Start(DateTime.UtcNow);
        log.AppendToken("a");
        var (early, _) = log.After(1);

        // Far past the log's first array: the slice above must not see the moves.
        for (var i = 0; i < 100; i++)
        {
            log.AppendToken($"t{i}");
        }

        Assert.Equal([2, 3], early.ToArray().Select(f => f.Id));
        Assert.Equal("a", Delta(early.Span[1]));
        var (all, _) = log.After(0);
        Assert.Equal(Enumerable.Range(1, 103), all.ToArray().Select(f => f.Id));
        Assert.Equal([.. Enumerable.Range(0, 100).Select(i => $"t{i}")], all.ToArray()[3..].Select(Delta));
        Assert.Equal(0, log.After(103).Frames.Length);
    }

    [Fact]
    public void TokenFramesStayWholeAfterALargePiece()
    {
        var large = new string('é', 20_000);
        var log = new LiveJobLog(new JobInfo(Guid.NewGuid(), Guid.NewGuid(), "chat.reply", null, "{}"), default, prepared: null, JobContext.StoredAlready);
        log.AppendToken("before \"quoted\"");
        log.AppendToken(large);
        log.AppendToken("after");

        var frames = log.After(1).Frames.ToArray();
        Assert.Equal(["before \"quoted\"", large, "after"], frames.Select(Delta));
        // Non-ASCII text stays as it is, not as escapes (see ServerSentEvents.FrameJson).
        Assert.Contains("é", Encoding.UTF8.GetString(frames[1].Data.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void AJobQueuedBeforeItsRowIsStoredIsNotCheckpointedUntilItIs()
    {
        var stored = new TaskCompletionSource<bool>();
        var log = new LiveJobLog(new JobInfo(Guid.NewGuid(), Guid.NewGuid(), "chat.reply", null, "{}"), default, prepared: null, stored.Task);
        log.Start(DateTime.UtcNow);
        log.AppendToken("early ");
        Assert.Null(log.TakeCheckpoint());

        log.AppendToken("tokens");
        stored.SetResult(true);
        Assert.Equal("early tokens", log.TakeCheckpoint()?.Text);
        Assert.Null(log.TakeCheckpoint());
    }

    [Fact]
    public async Task ReasoningPiecesAreMarkedInTheCheckpointAndRebuiltAsReasoningFrames()
    {
        var log = new LiveJobLog(new JobInfo(Guid.NewGuid(), Guid.NewGuid(), "chat.reply", null, "{}"), default, prepared: null, JobContext.StoredAlready);
        log.Start(DateTime.UtcNow);
        log.AppendReasoning("Hmm, ");
        log.AppendReasoning("yes.");
        log.AppendToken("Sure");
        log.AppendToken("!");

        var checkpoint = log.Snapshot();
        var stored = new StoredJob(log.Job.Id, JobStatus.Active, DateTime.UtcNow, checkpoint.Tokens, checkpoint.Text, checkpoint.TokenLengths, null, null);
        var rebuilt = new List<(int Id, string Status, string? Delta)>();
        await foreach (var (id, data) in stored.FramesAfterAsync(2, frame => Task.FromResult(frame)))
        {
            using var json = JsonDocument.Parse(data);
            rebuilt.Add((id, json.RootElement.GetProperty("status").GetString()!, json.RootElement.GetProperty("delta").GetString()));
        }

        Assert.Equal("r5,r4,4,1", checkpoint.TokenLengths);
        Assert.Equal([(3, "reasoning", "Hmm, "), (4, "reasoning", "yes."), (5, "token", "Sure"), (6, "token", "!")], rebuilt);
        Assert.Equal(rebuilt.Select(f => f.Status), log.After(2).Frames.ToArray().Select(f => Status(f)));
    }

    private static string? Delta(LiveFrame frame)
    {
        using var json = JsonDocument.Parse(frame.Data);
        Assert.Equal("token", json.RootElement.GetProperty("status").GetString());
        return json.RootElement.GetProperty("delta").GetString();
    }

    private static string Status(LiveFrame frame)
    {
        using var json = JsonDocument.Parse(frame.Data);
        return json.RootElement.GetProperty("status").GetString()!;
    }
}
