using Microsoft.Extensions.Hosting;

namespace KissChat.Jobs.Running;

/// <summary>
/// The <c>Jobs:Concurrency</c> places of this instance, and the two moments of a shutdown: when the server is asked
/// to stop, no job starts any more; <c>Jobs:ShutdownDrainSeconds</c> later, the ones still running are ended.
/// </summary>
internal sealed class JobSlots : IDisposable
{
    private readonly SemaphoreSlim places;
    private readonly int concurrency;
    private readonly CancellationTokenSource giveUp = new();
    private readonly CancellationTokenRegistration stopping;

    public JobSlots(JobsOptions options, IHostApplicationLifetime lifetime)
    {
        concurrency = options.Concurrency;
        places = new SemaphoreSlim(options.Concurrency, options.Concurrency);
        Stopping = lifetime.ApplicationStopping;
        stopping = Stopping.Register(() => giveUp.CancelAfter(options.ShutdownDrain));
    }

    /// <summary>Cancelled when the server is asked to stop: waiting jobs do not start any more.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>How many places are taken, that is how many jobs run here now.</summary>
    public int Running => concurrency - places.CurrentCount;

    /// <summary>Cancelled when the drain time after a stop is over: running jobs are ended.</summary>
    public CancellationToken GiveUp => giveUp.Token;

    public async Task<IDisposable> TakeAsync(CancellationToken cancellationToken)
    {
        await places.WaitAsync(cancellationToken);
        return new Place(places);
    }

    public void Dispose()
    {
        stopping.Dispose();
        giveUp.Dispose();
        places.Dispose();
    }

    private sealed class Place(SemaphoreSlim places) : IDisposable
    {
        private SemaphoreSlim? held = places;

        public void Dispose() => Interlocked.Exchange(ref held, null)?.Release();
    }
}
