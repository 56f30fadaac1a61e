using KissChat.Kernel.Configuration;

namespace KissChat.Kernel.Database;

/// <summary>
/// Keeps one server on a SQLite data folder. A second one would take the first's running replies for a dead instance's
/// and end them ("the server restarted…"), and their writes would wait on each other's locks: it stops at start instead,
/// saying so. The lock is the operating system's on a file beside the database, so it goes with the process however it
/// ends. The restore command takes it too while it fills the folder, so no server starts on a database half restored;
/// the backup command, which only reads, does not.
/// </summary>
internal sealed class SqliteInstanceLock(DataDirectory dataDirectory) : IDisposable
{
    private FileStream? held;

    public string Path => dataDirectory.File($"{SqliteFiles.Database}.lock");

    public void Take()
    {
        if (!TryTake())
        {
            throw new ConfigurationProblem(
                $"another KissChat server is running on the SQLite database in DATA_DIR ({dataDirectory.Path}); "
                + "one server serves a SQLite file: stop it, give this one another DATA_DIR, or run several on PostgreSQL.");
        }
    }

    /// <summary>False when another process holds it.</summary>
    public bool TryTake()
    {
        try
        {
            held ??= new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException exception) when (IsHeldElsewhere(exception))
        {
            return false;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationProblem($"DATA_DIR ({dataDirectory.Path}) cannot be written: {exception.Message}");
        }
    }

    public void Dispose() => held?.Dispose();

    /// <summary>
    /// The lock is taken: Windows' sharing violation, or, where .NET locks with <c>flock</c>, its "would block" (EAGAIN on
    /// Linux, EWOULDBLOCK on macOS), which .NET gives as the error's number. A full disk or a read-only folder is not that.
    /// </summary>
    private static bool IsHeldElsewhere(IOException exception) =>
        exception.HResult == unchecked((int)0x80070020) || (!OperatingSystem.IsWindows() && exception.HResult is 11 or 35);
}
