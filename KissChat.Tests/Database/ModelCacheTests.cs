using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Database;

public sealed class ModelCacheTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task AContextBuiltWithFewerModulesDoesNotLendItsModelToTheServersContexts()
    {
        await using (var bare = new KissChatDbContext(new DbContextOptionsBuilder<KissChatDbContext>().UseSqlite("Data Source=:memory:").Options))
        {
            Assert.Null(bare.Model.FindEntityType(CharacterEntity));
        }

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        await using var full = new KissChatDbContext(new DbContextOptionsBuilder<KissChatDbContext>()
            .UseSqlite("Data Source=:memory:").UseModules(scope.ServiceProvider.GetRequiredService<IEnumerable<ModuleModel>>()).Options);

        Assert.NotNull(db.Model.FindEntityType(CharacterEntity));
        Assert.NotNull(full.Model.FindEntityType(CharacterEntity));
    }

    private const string CharacterEntity = KissChat.Characters.Contracts.CharacterModel.EntityTypeName;
}
