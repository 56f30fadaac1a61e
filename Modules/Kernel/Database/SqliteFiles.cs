using KissChat.Kernel.Configuration;
using Microsoft.Extensions.Logging;

namespace KissChat.Kernel.Database;

/// <summary>The embedded database's files in the data folder.</summary>
internal static class SqliteFiles
{
    public const string Database = "kisschat.db";

    /// <summary>
    /// Readable by the server's own user alone, as its keys are: the database holds password hashes and sessions, and
    /// SQLite creates it readable by every local user (its journal files follow the database file's permissions).
    /// </summary>
    /// <remarks>A file system that keeps no modes, or a file of another user, is left as it is, with a warning.</remarks>
    public static void KeepPrivate(DataDirectory dataDirectory, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in new[] { Database, $"{Database}-wal", $"{Database}-shm" }.Select(dataDirectory.File).Where(File.Exists))
        {
            try
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("{File} could not be made readable by this user alone: {Reason}", file, exception.Message);
            }
        }
    }
}
