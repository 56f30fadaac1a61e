using System.Data.Common;
using KissChat.Kernel.Database;
using KissChat.Kernel.Identity;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Database;

/// <summary>A write transaction saves without EF's savepoint per save (two statements each, on every reply's path).</summary>
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

    /// <summary>A context on the server's own database (its transactions above are rolled back: nothing is stored).</summary>
    private async Task<KissChatDbContext> ContextAsync(SavepointCounter savepoints)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var serverDb = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        return new KissChatDbContext(new DbContextOptionsBuilder<KissChatDbContext>()
            .UseSqlite(serverDb.Database.GetConnectionString())
            .UseModules(scope.ServiceProvider.GetRequiredService<IEnumerable<ModuleModel>>())
            .AddInterceptors(savepoints)
            .Options);
    }

    private static AppUser NewUser()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        return new AppUser { Id = Guid.CreateVersion7(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant() };
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
