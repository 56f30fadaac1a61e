using Microsoft.Data.Sqlite;

namespace KissChat.Kernel.Database;

/// <summary>
/// Group commit for a SQLite file. Its writes commit with <c>synchronous=NORMAL</c>, so a commit writes its WAL frames
/// but does not wait for the disk while it holds the write turn; the writer then waits here, outside the turn, until
/// the WAL is synced. One sync covers every commit written before it began, so writers who finish while a sync runs
/// share the next one: under load there are fewer syncs than commits, and none is made inside the turn that every
/// other writer is queued behind. A commit is acknowledged only once it is on disk, as with <c>synchronous=FULL</c>.
/// </summary>
/// <remarks>
/// Syncing the WAL file through a handle of its own is enough: the kernel syncs the file, whichever handle wrote it, and
/// SQLite holds no locks on the WAL file that closing the handle could drop (they are on the database and its -shm file).
/// </remarks>
public sealed class WalSync
{
    private readonly Action sync;
    private readonly Lock gate = new();
    private TaskCompletionSource? next;
    private bool syncing;

    private long syncs;

    internal WalSync(Action sync) => this.sync = sync;

    /// <summary>How many syncs were made: fewer than the commits they covered when writers overlap.</summary>
    public long Syncs => Interlocked.Read(ref syncs);

    /// <summary>A group commit for this SQLite file; null when the database is not a file (in memory, or PostgreSQL).</summary>
    public static WalSync? For(DatabaseSettings settings)
    {
        if (settings.Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }

        var connection = new SqliteConnectionStringBuilder(settings.ConnectionString);
        if (connection.Mode == SqliteOpenMode.Memory || connection.DataSource is "" or ":memory:")
        {
            return null;
        }

        var wal = Path.GetFullPath(connection.DataSource) + "-wal";
        return new WalSync(() => SyncFile(wal));
    }

    /// <summary>Completes once everything committed before this call is on disk.</summary>
    public Task WhenDurableAsync()
    {
        lock (gate)
        {
            // The sync running now may have begun before this caller's commit; it waits for the next one.
            next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var waited = next.Task;
            if (!syncing)
            {
                syncing = true;
                _ = Task.Run(SyncWhileAsked);
            }

            return waited;
        }
    }

    private void SyncWhileAsked()
    {
        while (true)
        {
            TaskCompletionSource batch;
            lock (gate)
            {
                if (next is null)
                {
                    syncing = false;
                    return;
                }

                (batch, next) = (next, null);
            }

            try
            {
                sync();
                Interlocked.Increment(ref syncs);
                batch.SetResult();
            }
            catch (Exception exception)
            {
                batch.SetException(exception);
            }
        }
    }

    private static void SyncFile(string path)
    {
        try
        {
            using var wal = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            wal.Flush(flushToDisk: true);
        }
        catch (FileNotFoundException)
        {
            // No WAL: the last connection closed, which checkpoints it into the database file and syncs that first.
        }
    }
}
