using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Database;

/// <summary>
/// The SQL scripts are written by hand, so this is what keeps them honest: a database migrated by the
/// scripts must have exactly the schema that EF Core would create from the model.
/// </summary>
public abstract class SchemaScriptsTests(KissChatServer server)
{
    [Fact]
    public async Task TheMigratedSchemaMatchesTheEntityModel()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var migrated = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        await using var fromModel = await ModelOnlyContextAsync(scope.ServiceProvider.GetRequiredService<IEnumerable<ModuleModel>>(), settings);
        await fromModel.Database.EnsureCreatedAsync();

        var expected = await SnapshotAsync(fromModel, settings.Provider);
        var actual = await SnapshotAsync(migrated, settings.Provider);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Except(actual), actual.Except(expected));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task MigratingAgainAppliesNothingAndConcurrentStartsApplyEachScriptOnce()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var scope = server.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        }));

        Assert.All(runs, Assert.Empty);
        await using var check = server.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var scripts = SchemaMigrator.Scripts(check.ServiceProvider.GetRequiredService<DatabaseSettings>().Provider);
        var recorded = await db.Database.SqlQueryRaw<string>("SELECT version AS \"Value\" FROM schema_versions").ToListAsync();
        Assert.Equal(scripts.Select(s => s.Version).Order(), recorded.Order());
    }

    private static async Task<KissChatDbContext> ModelOnlyContextAsync(IEnumerable<ModuleModel> modules, DatabaseSettings settings)
    {
        var options = new DbContextOptionsBuilder<KissChatDbContext>();
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            var cluster = await PostgresCluster.SharedAsync();
            options.UseNpgsql(cluster.ConnectionString(await cluster.CreateDatabaseAsync()));
        }
        else
        {
            options.UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), $"kisschat-model-{Guid.NewGuid():N}.db")}");
        }

        return new KissChatDbContext(options.UseModules(modules).Options);
    }

    private static async Task<SortedSet<string>> SnapshotAsync(KissChatDbContext db, DatabaseProvider provider)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            return await SchemaSnapshot.ReadAsync(db.Database.GetDbConnection(), provider);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

public sealed class SchemaScriptsTestsOnSqlite(SqliteServer server) : SchemaScriptsTests(server), IClassFixture<SqliteServer>;

public sealed class SchemaScriptsTestsOnPostgres(PostgresServer server) : SchemaScriptsTests(server), IClassFixture<PostgresServer>;
