using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Database;

/// <summary>
/// SQLite commits without syncing inside the write turn, and each writer waits afterwards for a sync of the WAL that
/// began after its commit; writers who finish while a sync runs share the next one.
/// </summary>
public sealed class GroupCommitTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task AWriterIsNotAcknowledgedByASyncThatBeganBeforeItAsked()
    {
        var syncs = new SyncsOnCue();
        var wal = new WalSync(syncs.Sync);

        var first = wal.WhenDurableAsync();
        await syncs.Started.WaitAsync(TimeSpan.FromSeconds(10));
        var second = wal.WhenDurableAsync();
        var third = wal.WhenDurableAsync();
        syncs.FinishOne();
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        // The sync that acknowledged the first writer began before the others asked: they wait for one of their own.
        await syncs.Started.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(second.IsCompleted);
        syncs.FinishOne();
        await Task.WhenAll(second, third).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, wal.Syncs);
    }

    [Fact]
    public async Task AFailedSyncFailsTheWritersItWasFor()
    {
        var wal = new WalSync(() => throw new IOException("disk gone"));

        await Assert.ThrowsAsync<IOException>(() => wal.WhenDurableAsync());
    }

    [Fact]
    public async Task TheServersConnectionsCommitWithoutSyncingAndItsWritesWaitForTheWalSync()
    {
        var wal = server.Services.GetRequiredService<WriteGate>().Wal;
        Assert.NotNull(wal);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            await db.Database.OpenConnectionAsync();
            await using var pragma = db.Database.GetDbConnection().CreateCommand();
            pragma.CommandText = "PRAGMA synchronous";
            Assert.Equal(1L, await pragma.ExecuteScalarAsync()); // NORMAL
        }

        // An account's opening, whose password is hashed before its turn.
        var before = wal.Syncs;
        await TestUser.SignUpAsync(server);
        Assert.True(wal.Syncs > before);

        // A write transaction waits after giving its turn back.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            var user = (await db.Users.FirstAsync()).Id;
            await using var write = await db.BeginWriteAsync(CancellationToken.None);
            await db.Users.Where(u => u.Id == user).ExecuteUpdateAsync(set => set.SetProperty(u => u.LockoutEnabled, true));
            before = wal.Syncs;
            await write.CommitAsync(CancellationToken.None);
            Assert.True(wal.Syncs > before);
        }
    }

    /// <summary>A sync that starts when asked and finishes when the test says so.</summary>
    private sealed class SyncsOnCue
    {
        private readonly SemaphoreSlim finish = new(0);
        private readonly SemaphoreSlim started = new(0);

        public Task Started => started.WaitAsync();

        public void FinishOne() => finish.Release();

        public void Sync()
        {
            started.Release();
            finish.Wait(TimeSpan.FromSeconds(10));
        }
    }
}
