using KissChat.Kernel.Configuration;
using Microsoft.Extensions.Configuration;

namespace KissChat.Kernel.Export;

/// <summary>
/// Where downloads are built: into a temporary file, a few at a time (<c>Exports:Concurrency</c>), then sent from disk.
/// Five exports of a 16 MB chat made at once, each kept in memory until its client had read it, held a gigabyte; now a
/// waiting one holds nothing, one being made a page of the chat's messages, and a slow download only a file. A build
/// that fails leaves no file: its request fails whole, never as a download cut short.
/// </summary>
public sealed class ExportBuilds(int concurrency)
{
    private readonly SemaphoreSlim places = new(concurrency, concurrency);

    private const string Prefix = "kisschat-export-";

    /// <summary>The builds this configuration asks for; the files an instance that died before closing them left behind (a day old) are deleted.</summary>
    public static ExportBuilds From(IConfiguration configuration)
    {
        var dayAgo = DateTime.UtcNow.AddDays(-1);
        foreach (var left in Directory.EnumerateFiles(Path.GetTempPath(), $"{Prefix}*.tmp").Where(f => File.GetLastWriteTimeUtc(f) < dayAgo))
        {
            try
            {
                File.Delete(left);
            }
            catch (IOException)
            {
                // Another instance on this machine may be sending it still, however unlikely at a day old.
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's, on a shared temporary folder.
            }
        }

        return new ExportBuilds(configuration.GetSection("Exports").Int("Concurrency", 2, 1, 64));
    }

    /// <summary>The file <paramref name="write"/> made, open at its start; it is deleted when the stream is closed.</summary>
    public async Task<FileStream> BuildAsync(Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        await places.WaitAsync(cancellationToken);
        try
        {
            var path = Path.Combine(Path.GetTempPath(), $"{Prefix}{Guid.NewGuid():N}.tmp");
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            try
            {
                await write(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Position = 0;
                return file;
            }
            catch
            {
                await file.DisposeAsync();
                throw;
            }
        }
        finally
        {
            places.Release();
        }
    }
}
