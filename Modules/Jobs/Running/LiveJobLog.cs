using System.Diagnostics;
using System.Text;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Streaming;

namespace KissChat.Jobs.Running;

/// <summary>One frame of a job as its listeners get it.</summary>
internal readonly record struct LiveFrame(int Id, ReadOnlyMemory<byte> Data, bool Final);

/// <summary>What a checkpoint saves of a running job.</summary>
internal sealed record Checkpoint(DateTime? StartedAt, string Text, string TokenLengths, int Tokens, int Progress);

/// <summary>
/// The frames of a job queued or running in this process, kept in memory so that listeners get each token the
/// moment it arrives, with no database call, no per-listener work and no timer. Checkpoints copy its text to the job
/// row now and then; the final frame is added only once the job's end is stored.
/// </summary>
internal sealed class LiveJobLog
{
    private readonly Lock gate = new();
    private readonly StringBuilder text = new();
    private readonly StringBuilder tokenLengths = new();
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationTokenSource endedElsewhere = new();
    private TaskCompletionSource changed = NewSignal();
    // Set by its runner, read by the sweep on another thread.
    private volatile bool ending;

    /// <summary>
    /// Appended to, never changed: a listener reads its slice outside the lock, since a slot below
    /// <see cref="frameCount"/> is never written again and growing moves the frames to a new array.
    /// </summary>
    private LiveFrame[] frames = new LiveFrame[8];
    private int frameCount;
    private int tokens;
    private int checkpointedTokens;
    private bool checkpointedStart;
    private object? prepared;

    public LiveJobLog(JobInfo job, ActivityContext origin, object? prepared, Task<bool> stored)
    {
        Job = job;
        Origin = origin;
        Stored = stored;
        this.prepared = prepared;
        frames[0] = new LiveFrame(1, FrameBytes.Connected(job.Id), false);
        frameCount = 1;
    }

    public JobInfo Job { get; }

    /// <summary>
    /// Whether the job's row is stored: true at once for most jobs; for one queued before its row's commit
    /// (<see cref="Contracts.IJobs.EnqueueBeforeCommit"/>), once that commit is settled, false if it failed. Until it is true
    /// nothing of the job is written: no checkpoint, and its end waits for it.
    /// </summary>
    public Task<bool> Stored { get; }

    private bool IsStored => Stored.IsCompletedSuccessfully && Stored.Result;

    public CancellationToken StopRequested => stop.Token;

    /// <summary>Another instance ended the job's row (its sweep took this one for gone): whatever runs here is kept by nobody.</summary>
    public CancellationToken EndedElsewhere => endedElsewhere.Token;

    /// <summary>The trace context of the request that queued the job, which the job's span continues.</summary>
    public ActivityContext Origin { get; }

    /// <summary>See <see cref="JobContext.Prepared"/>: handed to the job's run once, not kept for as long as the log.</summary>
    public object? TakePrepared() => Interlocked.Exchange(ref prepared, null);

    public DateTime? StartedAt { get; private set; }

    public int Progress { get; private set; }

    /// <summary>No more frames will come from memory: the job ended (or was ended elsewhere); the database has the rest.</summary>
    public bool IsClosed { get; private set; }

    public void RequestStop() => stop.Cancel();

    public void EndElsewhere() => endedElsewhere.Cancel();

    public void BeginEnding() => ending = true;

    public void ReportProgress(int percent) => Progress = percent;

    public void Start(DateTime now)
    {
        lock (gate)
        {
            StartedAt = now;
            Add(FrameBytes.Processing(Job.Id), final: false);
        }
    }

    public void AppendToken(string delta) => Append(delta, reasoning: false);

    public void AppendReasoning(string delta) => Append(delta, reasoning: true);

    /// <summary>A piece of reasoning goes in the same text, its length marked (see <see cref="StoredJob"/>).</summary>
    private void Append(string delta, bool reasoning)
    {
        var data = FrameBytes.Token(delta, reasoning);
        lock (gate)
        {
            text.Append(delta);
            tokenLengths.Append(tokens == 0 ? string.Empty : ",");
            if (reasoning)
            {
                tokenLengths.Append(StoredJob.ReasoningMark);
            }

            tokenLengths.Append(delta.Length);
            tokens++;
            Add(data, final: false);
        }
    }

    /// <summary>Adds the final frame, once the job's end is stored.</summary>
    public void Finish(byte[] finalFrame)
    {
        lock (gate)
        {
            Add(finalFrame, final: true);
        }
    }

    /// <summary>Its end was stored here: its final frame is in.</summary>
    public bool IsFinished
    {
        get
        {
            lock (gate)
            {
                return frames[frameCount - 1].Final;
            }
        }
    }

    /// <summary>
    /// Neither ended nor storing its end: were its row ended, another instance did it. A runner storing its end has its row
    /// ended from the commit to its final frame here (which the end's reads delay under load), by its own doing.
    /// </summary>
    public bool IsRunningHere => !ending && !IsFinished;

    public void Close()
    {
        lock (gate)
        {
            IsClosed = true;
            changed.TrySetResult();
        }
    }

    /// <summary>The frames after <paramref name="id"/>, and a task that completes when another one is added.</summary>
    public (ReadOnlyMemory<LiveFrame> Frames, Task Changed) After(int id)
    {
        lock (gate)
        {
            var start = Math.Clamp(id, 0, frameCount);
            return (new ReadOnlyMemory<LiveFrame>(frames, start, frameCount - start), changed.Task);
        }
    }

    /// <summary>What the next checkpoint should save; null when nothing changed since the last one, or the row is not stored yet.</summary>
    public Checkpoint? TakeCheckpoint()
    {
        lock (gate)
        {
            if (!IsStored || (tokens == checkpointedTokens && (StartedAt is null || checkpointedStart)))
            {
                return null;
            }

            checkpointedTokens = tokens;
            checkpointedStart = StartedAt is not null;
            return Snapshot();
        }
    }

    /// <summary>Everything streamed so far, for the final save.</summary>
    public Checkpoint Snapshot()
    {
        lock (gate)
        {
            return new Checkpoint(StartedAt, text.ToString(), tokenLengths.ToString(), tokens, Progress);
        }
    }

    private void Add(byte[] data, bool final)
    {
        if (frameCount == frames.Length)
        {
            Array.Resize(ref frames, frameCount * 2);
        }

        frames[frameCount] = new LiveFrame(frameCount + 1, data, final);
        frameCount++;
        var wake = changed;
        changed = NewSignal();
        wake.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
