namespace KissChat.Kernel.Database;

/// <summary>
/// SQLite has one writer at a time, and Microsoft.Data.Sqlite waits for a busy write lock by sleeping the calling
/// thread (150 ms a try), which starves the thread pool under load. Writers of this process therefore take turns
/// here, asynchronously, before they touch the file: a writer waits on a task, never on a sleeping thread. On
/// PostgreSQL, which has row locks, the gate is open.
/// </summary>
public sealed class WriteGate
{
    /// <summary>For a context made outside the server (tools, tests): nobody to take turns with.</summary>
    public static readonly WriteGate Open = new(isShared: false);

    private readonly SemaphoreSlim turn = new(1, 1);
    private int waiting;

    public WriteGate(DatabaseSettings settings)
        : this(settings.Provider == DatabaseProvider.Sqlite, WalSync.For(settings))
    {
    }

    private WriteGate(bool isShared, WalSync? wal = null) => (IsShared, Wal) = (isShared, wal);

    /// <summary>Whether the database file is written by one writer at a time, so this process's writers take turns.</summary>
    public bool IsShared { get; }

    /// <summary>The group commit of a SQLite file, whose connections commit without syncing (see <see cref="WalSync"/>).</summary>
    public WalSync? Wal { get; }

    /// <summary>
    /// Completes once what was committed before is on disk. A writer calls it after giving its turn back, so the wait for
    /// the disk is shared and no other writer queues behind it.
    /// </summary>
    public Task DurableAsync() => Wal?.WhenDurableAsync() ?? Task.CompletedTask;

    /// <summary>Writers waiting for their turn (in the order they came: the turn is handed on first come, first served).</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Waits for this process's turn to write; disposing the result gives the turn back.</summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (!IsShared)
        {
            return Turn.None;
        }

        Interlocked.Increment(ref waiting);
        try
        {
            await turn.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }

        return new Turn(turn);
    }

    private sealed class Turn(SemaphoreSlim? turn) : IDisposable
    {
        public static readonly Turn None = new(null);

        private SemaphoreSlim? held = turn;

        public void Dispose() => Interlocked.Exchange(ref held, null)?.Release();
    }
}
