using Coravel.Invocable;
using Microsoft.Extensions.Logging;

namespace KissChat.Kernel.Files;

/// <summary>
/// Once a day, the stored avatars no row points at go. Every path that replaces or deletes an avatar removes its file,
/// but a few windows remain where a file outlives its row or never gets one: a crash between saving an upload and
/// committing it, and on PostgreSQL an upload committed while its account was being deleted. A file is only looked at
/// an hour after it was written, long after the request that saved it has committed or failed.
/// </summary>
internal sealed class SweepUnreferencedAvatars(
    AvatarStore store, IEnumerable<IOwnedAvatars> owners, TimeProvider clock, ILogger<SweepUnreferencedAvatars> logger) : IInvocable
{
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    private const int Batch = 500;

    public async Task Invoke()
    {
        var removed = 0;
        foreach (var batch in store.StoredBefore(clock.GetUtcNow().UtcDateTime - Grace).Chunk(Batch))
        {
            var inUse = new HashSet<string>(StringComparer.Ordinal);
            foreach (var owner in owners)
            {
                inUse.UnionWith(await owner.InUseAsync(batch, CancellationToken.None));
            }

            foreach (var url in batch.Where(url => !inUse.Contains(url)))
            {
                store.Delete(url);
                removed++;
            }
        }

        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} stored avatars that no row points at", removed);
        }
    }
}
