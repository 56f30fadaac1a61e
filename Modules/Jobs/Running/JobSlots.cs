using KissChat.Jobs.Contracts;
using Microsoft.Extensions.Hosting;

namespace KissChat.Jobs.Running;

/// <summary>
/// The places of this instance, <c>Jobs:Concurrency</c> for interactive jobs and <c>Jobs:BackgroundConcurrency</c>
/// for background ones, and the two moments of a shutdown: when the server is asked to stop, no job starts any more;
/// <c>Jobs:ShutdownDrainSeconds</c> later, the ones still running are ended.
/// </summary>
internal sealed class JobSlots : IDisposable
{
    private readonly Lane interactive;
    private readonly Lane background;
    private readonly HashSet<string> backgroundKinds;
    private readonly CancellationTokenSource giveUp = new();
    private readonly CancellationTokenRegistration stopping;

    public JobSlots(JobsOptions options, IEnumerable<JobKind> kinds, IHostApplicationLifetime lifetime)
    {
        interactive = new Lane(options.Concurrency);
        background = new Lane(options.BackgroundConcurrency);
        backgroundKinds = [.. kinds.Where(k => k.Lane == JobLane.Background).Select(k => k.Kind)];
        Stopping = lifetime.ApplicationStopping;
        stopping = Stopping.Register(() => giveUp.CancelAfter(options.ShutdownDrain));
    }

    /// <summary>Cancelled when the server is asked to stop: waiting jobs do not start any more.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>How busy <paramref name="lane"/> is: jobs running in it, jobs waiting for one of its places, its places.</summary>
    public LaneLoad Load(JobLane lane) => (lane == JobLane.Background ? background : interactive).Load;

    /// <summary>Cancelled when the drain time after a stop is over: running jobs are ended.</summary>
    public CancellationToken GiveUp => giveUp.Token;

    /// <summary>Waits for a place in the lane of <paramref name="kind"/>; disposing the result gives it back.</summary>
    public Task<IDisposable> TakeAsync(string kind, CancellationToken cancellationToken) =>
        (backgroundKinds.Contains(kind) ? background : interactive).TakeAsync(cancellationToken);

    public void Dispose()
    {
        stopping.Dispose();
        giveUp.Dispose();
        interactive.Dispose();
        background.Dispose();
    }

    private sealed class Lane(int size) : IDisposable
    {
        private readonly SemaphoreSlim places = new(size, size);
        private int waiting;

        public int Taken => size - places.CurrentCount;

        public LaneLoad Load => new(Taken, Volatile.Read(ref waiting), size);

        public async Task<IDisposable> TakeAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref waiting);
            try
            {
                await places.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref waiting);
            }

            return new Place(places);
        }

        public void Dispose() => places.Dispose();
    }

    private sealed class Place(SemaphoreSlim places) : IDisposable
    {
        private SemaphoreSlim? held = places;

        public void Dispose() => Interlocked.Exchange(ref held, null)?.Release();
    }
}

internal readonly record struct LaneLoad(int Running, int Waiting, int Places);
