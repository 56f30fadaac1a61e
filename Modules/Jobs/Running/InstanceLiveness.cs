using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Jobs.Running;

/// <summary>Whether another instance, named in a job, still runs.</summary>
internal sealed class InstanceLiveness(DatabaseSettings settings)
{
    /// <summary>
    /// On SQLite there is one instance, this one: any other is gone. On PostgreSQL an instance lives as long as its
    /// advisory lock is held (see <see cref="JobNotifications"/>).
    /// </summary>
    public async Task<bool> IsAliveAsync(KissChatDbContext db, string owner, CancellationToken cancellationToken) =>
        settings.Provider != DatabaseProvider.Sqlite && InstanceId.KeyOf(owner) is { } key && await HoldsLockAsync(db, key, cancellationToken);

    /// <summary>PostgreSQL only: whether the instance with this lock key still runs.</summary>
    public async Task<bool> HoldsLockAsync(KissChatDbContext db, long key, CancellationToken cancellationToken)
    {
        long high = key >> 32, low = key & 0xFFFF_FFFF;
        return await db.Database.SqlQuery<bool>($"""
            SELECT EXISTS (
                SELECT 1 FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND objsubid = 1
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND classid = {high}::oid AND objid = {low}::oid) AS "Value"
            """).SingleAsync(cancellationToken);
    }

    /// <summary>On SQLite an instance other than this one is gone at once; on PostgreSQL a missing lock is believed only when seen twice.</summary>
    public bool NeedsSecondLook => settings.Provider == DatabaseProvider.Postgres;
}
