using System.Text.Json.Nodes;
using KissChat.Jobs.Contracts;

namespace KissChat.Jobs.Running;

/// <summary>
/// The frames of a job running in this process, kept in memory so listeners get each token the moment it
/// arrives; the flusher copies them to <c>job_events</c> shortly after.
/// </summary>
internal sealed class LiveJobLog(int firstSeq)
{
    private readonly int firstSeq = firstSeq;
    private readonly Lock gate = new();
    private readonly List<StoredFrame> frames = [];
    private readonly List<StoredFrame> pending = [];
    private readonly CancellationTokenSource stop = new();
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int nextSeq = firstSeq;

    /// <summary>Frames before this one were persisted before the job started running here.</summary>
    public int FirstSeq => firstSeq;

    public CancellationToken StopRequested => stop.Token;

    public int NextSeq
    {
        get
        {
            lock (gate)
            {
                return nextSeq;
            }
        }
    }

    /// <summary>Completes when a frame is appended after this call.</summary>
    public Task Changed
    {
        get
        {
            lock (gate)
            {
                return changed.Task;
            }
        }
    }

    public int Append(JsonObject frame, bool persisted = false)
    {
        TaskCompletionSource wake;
        int seq;
        lock (gate)
        {
            seq = nextSeq++;
            var stored = new StoredFrame(seq, (string)frame["status"]!, JobFrames.ToJson(frame));
            frames.Add(stored);
            if (!persisted)
            {
                pending.Add(stored);
            }

            wake = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        wake.TrySetResult();
        return seq;
    }

    public IReadOnlyList<StoredFrame> After(int seq)
    {
        lock (gate)
        {
            var start = Math.Max(0, seq - firstSeq + 1);
            return start >= frames.Count ? [] : frames[start..];
        }
    }

    public IReadOnlyList<StoredFrame> TakePending()
    {
        lock (gate)
        {
            var taken = pending.ToList();
            pending.Clear();
            return taken;
        }
    }

    /// <summary>Puts frames back after a failed write, ahead of anything appended since.</summary>
    public void ReturnPending(IReadOnlyList<StoredFrame> unsaved)
    {
        lock (gate)
        {
            pending.InsertRange(0, unsaved);
        }
    }

    public void RequestStop() => stop.Cancel();
}

/// <summary>A frame as stored: its SSE id, its status word and its JSON.</summary>
internal sealed record StoredFrame(int Seq, string Type, string Data);
