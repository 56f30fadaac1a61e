using KissChat.Kernel.Configuration;

namespace KissChat.Kernel.Database;

/// <summary>The embedded database's files in the data folder.</summary>
internal static class SqliteFiles
{
    public const string Database = "kisschat.db";

    /// <summary>
    /// Readable by the server's own user alone, as its keys are: the database holds password hashes and sessions, and
    /// SQLite creates it readable by every local user (its journal files follow the database file's permissions).
    /// </summary>
    public static void KeepPrivate(DataDirectory dataDirectory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in new[] { Database, $"{Database}-wal", $"{Database}-shm" }.Select(dataDirectory.File).Where(File.Exists))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
