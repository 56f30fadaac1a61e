using System.Data.Common;
using KissChat.Kernel.Database;
using KissChat.Kernel.Identity;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Database;

/// <summary>
/// A write transaction saves without EF's savepoint per save (two statements each, on every reply's path), and runs the
/// statements that wait for its commit together, at the commit only.
/// </summary>
public sealed class WriteTransactionTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task SavesInAWriteTransactionTakeNoSavepointAndOtherTransactionsStillDo()
    {
        var savepoints = new SavepointCounter();
        await using var db = await ContextAsync(savepoints);

        await using (await db.BeginWriteAsync(CancellationToken.None))
        {
            db.Add(NewUser());
            await db.SaveChangesAsync(CancellationToken.None);
        }

        Assert.Equal(0, savepoints.Created);

        // The same context afterwards is as EF made it: a plain transaction saves under a savepoint again.
        db.ChangeTracker.Clear();
        await using (await db.Database.BeginTransactionAsync(CancellationToken.None))
        {
            db.Add(NewUser());
            await db.SaveChangesAsync(CancellationToken.None);
        }

        Assert.Equal(1, savepoints.Created);
    }

    [Fact]
    public async Task StatementsWaitingForTheCommitRunAtItInOrderAsOneCommandAndNotWithoutIt()
    {
        var commands = new ProbeCommands();
        await using var db = await ContextAsync(commands);
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS commit_probe (n INTEGER NOT NULL, label TEXT NOT NULL)");

        Assert.Throws<InvalidOperationException>(() => db.WriteAtCommit($"INSERT INTO commit_probe VALUES ({0}, {"outside"})"));
        await using (await db.BeginWriteAsync(CancellationToken.None))
        {
            db.WriteAtCommit($"INSERT INTO commit_probe VALUES ({1}, {"rolled back"})");
        }

        await using (var write = await db.BeginWriteAsync(CancellationToken.None))
        {
            db.WriteAtCommit($"INSERT INTO commit_probe VALUES ({2}, {"first"})");
            // Sees the first: the statements run in the order they came.
            db.WriteAtCommit($"INSERT INTO commit_probe SELECT MAX(n) + 1, {"second"} FROM commit_probe");
            Assert.Equal(0, commands.Sent);
            await write.CommitAsync(CancellationToken.None);
        }

        var rows = await db.Database.SqlQueryRaw<ProbeRow>("SELECT n AS \"N\", label AS \"Label\" FROM commit_probe ORDER BY n").ToListAsync();
        Assert.Equal([new ProbeRow(2, "first"), new ProbeRow(3, "second")], rows);
        Assert.Equal(1, commands.Sent);
    }

    [Fact]
    public async Task TheWriteTurnIsHeldFromBeginToCommitAndOnlyByTheTransactionThatHasIt()
    {
        await using var db = await ContextAsync(new ProbeCommands());
        Assert.False(db.HoldsWriteTurn);

        var first = await db.BeginWriteAsync(CancellationToken.None);
        Assert.True(db.HoldsWriteTurn);
        await first.CommitAsync(CancellationToken.None);
        Assert.False(db.HoldsWriteTurn);

        // The first one's disposal, after a second began on the same context, leaves the second its turn and its saves without savepoints.
        await using (await db.BeginWriteAsync(CancellationToken.None))
        {
            await first.DisposeAsync();
            Assert.True(db.HoldsWriteTurn);
            Assert.False(db.Database.AutoSavepointsEnabled);
        }

        Assert.False(db.HoldsWriteTurn);
    }

    /// <summary>A context on the server's own database (its transactions above are rolled back: nothing is stored).</summary>
    private async Task<KissChatDbContext> ContextAsync(IInterceptor interceptor)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var serverDb = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        return new KissChatDbContext(new DbContextOptionsBuilder<KissChatDbContext>()
            .UseSqlite(serverDb.Database.GetConnectionString())
            .UseModules(scope.ServiceProvider.GetRequiredService<IEnumerable<ModuleModel>>())
            .AddInterceptors(interceptor)
            .Options);
    }

    private static AppUser NewUser()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        return new AppUser { Id = Guid.CreateVersion7(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant() };
    }

    private sealed record ProbeRow(long N, string Label);

    /// <summary>Counts the commands that write the probe table.</summary>
    private sealed class ProbeCommands : DbCommandInterceptor
    {
        public int Sent { get; private set; }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.StartsWith("INSERT INTO commit_probe", StringComparison.Ordinal))
            {
                Sent++;
            }

            return ValueTask.FromResult(result);
        }
    }

    private sealed class SavepointCounter : DbTransactionInterceptor
    {
        public int Created { get; private set; }

        public override ValueTask<InterceptionResult> CreatingSavepointAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Created++;
            return ValueTask.FromResult(result);
        }
    }
}
