using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Jobs.Running;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Jobs.Streaming;

/// <summary>
/// Every frame of a job after a given SSE id, exactly once and in order, then <c>[DONE]</c>. A job queued or running
/// here is read from its live log the moment a frame exists; otherwise (finished, or running on another instance)
/// from its row, woken by that job's notifications. Quiet stretches produce keep-alives. A live job is read without the
/// database; a stored one in a short scope per look, so no context is leased while the stream waits.
/// </summary>
internal sealed class JobStreamReader(LiveJobs liveJobs, StreamSlots slots, JobsOptions options, IServiceScopeFactory scopes, ILogger<JobStreamReader> logger)
    : IJobStreams
{
    public const string AccountDeletedError = "This reply's account was deleted.";

    public const string UnreadableError = "This reply's stored frames could not be read back; reload the chat to see what was kept.";

    private static readonly TimeSpan UnreachableRetry = TimeSpan.FromSeconds(1);

    public IDisposable? TryOpen(Guid userId) => slots.TryOpen(userId);

    public TimeSpan KeepAlive => options.KeepAlive;

    public async IAsyncEnumerable<JobStreamItem> ReadAsync(JobInfo job, int after, JsonObject? opening, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var quietSince = Environment.TickCount64;
        while (true)
        {
            if (liveJobs.TryGet(job.Id, out var log))
            {
                // One timer for the stream's quiet, not one per frame (a token comes every few milliseconds), stopped with it.
                using var streamEnds = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                Task? quiet = null;
                try
                {
                    while (true)
                    {
                        var (frames, changed) = log.After(after);
                        for (var i = 0; i < frames.Length; i++)
                        {
                            var frame = frames.Span[i];
                            yield return new JobStreamItem(JobStreamItemKind.Frame, frame.Id, Opened(job, frame.Id, frame.Final, frame.Data, opening));
                            after = frame.Id;
                            quietSince = Environment.TickCount64;
                            if (frame.Final)
                            {
                                yield return JobStreamItem.Done(frame.Id + 1);
                                yield break;
                            }
                        }

                        if (log.IsClosed)
                        {
                            break;
                        }

                        quiet ??= Task.Delay(KeepAliveDueIn(quietSince), streamEnds.Token);
                        if (await Task.WhenAny(changed, quiet) == quiet)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            quiet = null;
                            if (KeepAliveDueIn(quietSince) == TimeSpan.Zero)
                            {
                                yield return JobStreamItem.KeepAlive;
                                quietSince = Environment.TickCount64;
                            }
                        }
                    }
                }
                finally
                {
                    await streamEnds.CancelAsync();
                }

                quietSince = Environment.TickCount64;
                continue;
            }

            var pulse = liveJobs.NextChange(job.Id);
            // A database out of reach for a moment (PostgreSQL restarting, a pool with none free in time) is waited out as
            // a quiet stretch: the stream keeps its place and its keep-alives, and asks again within a second (the
            // notification that woke it is spent) until the database answers.
            var read = await TryReadStoredAsync(job, after, cancellationToken);
            if (read is not null)
            {
                if (read.Job is null || read.Job.Finished || read.Unreadable)
                {
                    // The wake-up taken before the read would stay for good: an ended job changes no more.
                    liveJobs.Pulse(job.Id);
                }

                if (read.Job is null && !read.Unreadable)
                {
                    // A job's row goes only with its account; its stream still ends as every stream does.
                    yield return new JobStreamItem(JobStreamItemKind.Frame, after + 1, FrameBytes.Of(FrameBytes.Final(JobStatus.Failed, null, AccountDeletedError, null)));
                    yield return JobStreamItem.Done(after + 2);
                    yield break;
                }

                foreach (var (id, data) in read.Frames)
                {
                    yield return new JobStreamItem(JobStreamItemKind.Frame, id, Opened(job, id, id == read.Job?.LastFrameId, data, opening));
                    after = id;
                    quietSince = Environment.TickCount64;
                }

                if (read.Unreadable)
                {
                    // Reading it again would fail again, on every reconnect: the stream ends as every stream does, in the
                    // final frame's place when there is one.
                    var finalId = read.Job?.LastFrameId is { } last && last > after ? last : after + 1;
                    yield return new JobStreamItem(JobStreamItemKind.Frame, finalId, FrameBytes.Of(FrameBytes.Final(JobStatus.Failed, null, UnreadableError, null)));
                    yield return JobStreamItem.Done(finalId + 1);
                    yield break;
                }

                if (read.Job!.Finished)
                {
                    yield return JobStreamItem.Done(after + 1);
                    yield break;
                }
            }

            var untilKeepAlive = KeepAliveDueIn(quietSince);
            if (untilKeepAlive == TimeSpan.Zero)
            {
                yield return JobStreamItem.KeepAlive;
                quietSince = Environment.TickCount64;
                continue;
            }

            var wait = untilKeepAlive < options.PollInterval ? untilKeepAlive : options.PollInterval;
            await WaitAsync(pulse, read is null && wait > UnreachableRetry ? UnreachableRetry : wait, cancellationToken);
        }
    }

    /// <summary>
    /// The job as stored (null if it is gone with its account) and its frames after <paramref name="after"/>; null when the
    /// database failed (out of reach, a connection lost in a restart), to be read again. A stored job that cannot be made
    /// into frames (a stored end its handler cannot expand, a result that is no JSON object) is logged, and the read is
    /// <see cref="StoredRead.Unreadable"/> after the frames made before it: only that fails again on every read.
    /// </summary>
    private async Task<StoredRead?> TryReadStoredAsync(JobInfo job, int after, CancellationToken cancellationToken)
    {
        StoredJob? stored = null;
        List<(int, ReadOnlyMemory<byte>)> frames = [];
        try
        {
            if ((stored = await LoadAsync(job.Id, cancellationToken)) is null)
            {
                return new StoredRead(null, []);
            }

            await foreach (var frame in stored.FramesAfterAsync(after, frame => ExpandAsync(job, frame, cancellationToken)))
            {
                frames.Add(frame);
            }

            return new StoredRead(stored, frames);
        }
        catch (Exception exception) when (DatabaseFailure.Is(exception) && !cancellationToken.IsCancellationRequested)
        {
            if (!DatabaseUnavailable.Is(exception))
            {
                logger.LogWarning(exception, "The stored frames of job {JobId} could not be read; reading them again", job.Id);
            }

            return null;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "The stored frames of job {JobId} after {After} could not be made; its stream ends with an error", job.Id, after);
            return new StoredRead(stored, frames, Unreadable: true);
        }
    }

    /// <summary>
    /// The <c>connected</c> (1) and <c>processing</c> (2) frames with the listener's opening members; the others as they
    /// are. A job stopped before it ran has its final frame at 2.
    /// </summary>
    private static ReadOnlyMemory<byte> Opened(JobInfo job, int id, bool final, ReadOnlyMemory<byte> data, JsonObject? opening) =>
        opening is null || final || id > 2 ? data : FrameBytes.Opening(id == 1 ? JobFrames.Connected : JobFrames.Processing, job.Id, opening);

    /// <param name="Unreadable">Reading failed after <paramref name="Frames"/>, and would fail again.</param>
    private sealed record StoredRead(StoredJob? Job, List<(int Id, ReadOnlyMemory<byte> Data)> Frames, bool Unreadable = false);

    /// <summary>The job as stored, or null if it is gone (its account was deleted).</summary>
    private Task<StoredJob?> LoadAsync(Guid jobId, CancellationToken cancellationToken) =>
        scopes.WithDatabaseAsync(db => db.Set<Job>().AsNoTracking()
            .Where(j => j.Id == jobId)
            .Select(j => new StoredJob(j.Id, j.Status, j.StartedAt, j.Tokens, j.Text, j.TokenLengths, j.Result, j.Error))
            .FirstOrDefaultAsync(cancellationToken));

    private Task<JsonObject> ExpandAsync(JobInfo job, JsonObject frame, CancellationToken cancellationToken) =>
        scopes.InScopeAsync(scope => scope.GetRequiredKeyedService<IJobHandler>(job.Kind).ExpandResultAsync(job, frame, cancellationToken));

    /// <summary>How long from now until a stream quiet since <paramref name="quietSince"/> (a <see cref="Environment.TickCount64"/>) is owed a keep-alive.</summary>
    private TimeSpan KeepAliveDueIn(long quietSince) => KeepAliveDueIn(quietSince, Environment.TickCount64, options.KeepAlive);

    /// <summary>
    /// How long until a stream quiet since <paramref name="quietSince"/> is owed a keep-alive: zero once it is, else at
    /// least a whole millisecond. Both are <see cref="Environment.TickCount64"/> readings.
    /// </summary>
    /// <remarks>
    /// In the whole milliseconds of the clock the runtime's timers run on, so a delay of what this returns ends when the
    /// keep-alive is due. Measured on the wall clock, a delay (which drops a fraction of a millisecond, on a clock that
    /// moves in ticks of a few) ended a little early; the keep-alive was then not quite due, and a delay of what was left,
    /// under a millisecond, returned at once: every quiet stream spun through that last stretch each time, allocating a
    /// task on every turn. With 10,000 idle streams that was a quarter of the server's CPU and nearly all its garbage while
    /// they waited, and the collections it brought on paused it (README, "Twenty-ninth sitting").
    /// </remarks>
    internal static TimeSpan KeepAliveDueIn(long quietSince, long now, TimeSpan keepAlive) =>
        TimeSpan.FromMilliseconds(Math.Max(0, quietSince + (long)Math.Ceiling(keepAlive.TotalMilliseconds) - now));

    /// <summary>True when <paramref name="signal"/> completed, false when <paramref name="timeout"/> passed first.</summary>
    private static async Task<bool> WaitAsync(Task signal, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await signal.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
