using System.IO.Compression;
using KissChat.Kernel.Configuration;
using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace KissChat.Kernel.Backups;

/// <summary>Why a backup or restore was refused, in words for the operator at the console.</summary>
public sealed class DataBackupException(string message) : Exception(message);

/// <summary>
/// A backup is one zip of what <c>DATA_DIR</c> holds: the SQLite database copied with SQLite's online backup (a
/// consistent snapshot, taken while the server runs and writes), the uploaded avatars, and the generated keys
/// (<c>jwt-secret.key</c>, <c>keys/</c>), so that sessions and sign-in cookies survive a restore. Restoring fills an
/// empty data folder, holding the server's lock meanwhile, which the next start migrates like any other. PostgreSQL has its own tools (see the README).
/// </summary>
public static class DataBackup
{
    /// <summary>What a backup carries besides the database: folders and files of the data directory, never its SQLite journals.</summary>
    private static readonly string[] Folders = ["avatars", "keys"];
    private static readonly string[] Files = ["jwt-secret.key"];

    /// <summary>Writes the backup to <paramref name="file"/> (replacing it only once the new one is complete); returns what it holds.</summary>
    public static string Backup(IConfiguration configuration, string file)
    {
        var (dataDirectory, settings) = Sqlite(configuration);
        var database = dataDirectory.File(SqliteFiles.Database);
        if (!File.Exists(database))
        {
            throw new DataBackupException($"There is no database to back up at {database}.");
        }

        var target = Path.GetFullPath(file);
        if (!Directory.Exists(Path.GetDirectoryName(target)))
        {
            throw new DataBackupException($"The folder of {target} does not exist.");
        }

        var snapshot = target + ".db.partial";
        var partial = target + ".partial";
        try
        {
            Snapshot(settings, snapshot);
            var copied = 0;
            using (var zip = new ZipArchive(PrivateFiles.Create(partial), ZipArchiveMode.Create))
            {
                zip.CreateEntryFromFile(snapshot, SqliteFiles.Database, CompressionLevel.Optimal);
                foreach (var (path, name) in Contents(dataDirectory))
                {
                    try
                    {
                        // Avatars are already compressed images.
                        zip.CreateEntryFromFile(path, name, CompressionLevel.Fastest);
                        copied++;
                    }
                    catch (FileNotFoundException)
                    {
                        // Replaced or deleted since it was listed: the snapshot may still name it, as it would have a moment later.
                    }
                }
            }

            File.Move(partial, target, overwrite: true);
            return $"Backed up the database ({new FileInfo(snapshot).Length / 1024} KiB) and {copied} other file(s) to {target}.";
        }
        finally
        {
            File.Delete(snapshot);
            File.Delete(partial);
        }
    }

    /// <summary>Puts the backup in <paramref name="file"/> into the data directory, which must be empty; returns what it restored.</summary>
    public static string Restore(IConfiguration configuration, string file)
    {
        var (dataDirectory, _) = Sqlite(configuration);
        if (!File.Exists(file))
        {
            throw new DataBackupException($"There is no backup at {Path.GetFullPath(file)}.");
        }

        using var serving = new SqliteInstanceLock(dataDirectory);
        var lockFileWasThere = File.Exists(serving.Path);
        if (!serving.TryTake())
        {
            throw new DataBackupException($"A KissChat server is running on the data folder {dataDirectory.Path}: stop it, and restore into an empty folder.");
        }

        if (Directory.EnumerateFileSystemEntries(dataDirectory.Path).Any(entry => entry != serving.Path))
        {
            LetGo(serving, removeFile: !lockFileWasThere);
            throw new DataBackupException($"The data folder {dataDirectory.Path} is not empty: a backup is restored only into an empty one.");
        }

        try
        {
            var restored = Extract(file, dataDirectory);
            Verify(dataDirectory.File(SqliteFiles.Database));
            return $"Restored the database and {restored - 1} other file(s) into {dataDirectory.Path}.";
        }
        catch
        {
            // Leave the folder empty again, so that another attempt (or another backup) can follow: while the lock is held,
            // so no server starts on what is left meanwhile, and the lock last.
            foreach (var entry in new DirectoryInfo(dataDirectory.Path).EnumerateFileSystemInfos().Where(entry => entry.FullName != serving.Path))
            {
                if (entry is DirectoryInfo folder)
                {
                    folder.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }

            LetGo(serving, removeFile: true);
            throw;
        }
    }

    private static void LetGo(SqliteInstanceLock held, bool removeFile)
    {
        held.Dispose();
        if (removeFile)
        {
            File.Delete(held.Path);
        }
    }

    private static (DataDirectory Directory, DatabaseSettings Settings) Sqlite(IConfiguration configuration)
    {
        var dataDirectory = DataDirectory.From(configuration);
        var settings = DatabaseSettingsReader.Read(configuration, dataDirectory);
        return settings.Provider == DatabaseProvider.Sqlite
            ? (dataDirectory, settings)
            : throw new DataBackupException(
                "This server uses PostgreSQL: back it up with pg_dump (and restore it with pg_restore) as the README shows, and copy DATA_DIR's avatars folder.");
    }

    /// <summary>SQLite's online backup: one read transaction, so the copy is the database at one moment while writers go on (WAL).</summary>
    private static void Snapshot(DatabaseSettings settings, string snapshot)
    {
        // A backup holds the password hashes and the signing key; SQLite writes into the empty file it is given, keeping its mode.
        PrivateFiles.Create(snapshot).Dispose();
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder(settings.ConnectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ConnectionString);
        using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ConnectionString);
        source.Open();
        destination.Open();
        source.BackupDatabase(destination);
    }

    private static IEnumerable<(string Path, string Name)> Contents(DataDirectory dataDirectory)
    {
        foreach (var name in Files.Where(name => File.Exists(dataDirectory.File(name))))
        {
            yield return (dataDirectory.File(name), name);
        }

        foreach (var folder in Folders.Select(dataDirectory.File).Where(Directory.Exists))
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                yield return (path, Path.GetRelativePath(dataDirectory.Path, path).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }
    }

    private static int Extract(string file, DataDirectory dataDirectory)
    {
        using var zip = ZipFile.OpenRead(file);
        if (zip.GetEntry(SqliteFiles.Database) is null)
        {
            throw new DataBackupException($"{Path.GetFullPath(file)} is not a KissChat backup: it has no {SqliteFiles.Database}.");
        }

        var root = dataDirectory.Path.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var restored = 0;
        foreach (var entry in zip.Entries.Where(entry => !entry.FullName.EndsWith('/')))
        {
            var path = Path.GetFullPath(Path.Combine(root, entry.FullName));
            if (!path.StartsWith(root, StringComparison.Ordinal) || !IsBackedUp(entry.FullName))
            {
                throw new DataBackupException($"{Path.GetFullPath(file)} is not a KissChat backup: it holds '{entry.FullName}'.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            entry.ExtractToFile(path);
            restored++;
        }

        return restored;
    }

    private static bool IsBackedUp(string name) =>
        name == SqliteFiles.Database || Files.Contains(name) || Folders.Any(folder => name.StartsWith(folder + "/", StringComparison.Ordinal));

    private static void Verify(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        if (command.ExecuteScalar() as string != "ok")
        {
            throw new DataBackupException("The backup's database fails SQLite's integrity check; it was not restored.");
        }
    }
}
