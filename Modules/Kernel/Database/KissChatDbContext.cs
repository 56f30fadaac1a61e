using KissChat.Kernel.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Kernel.Database;

/// <summary>
/// One context for the whole monolith: Identity's account tables span every module, so each module
/// contributes its entity configurations rather than owning a context of its own.
/// </summary>
public sealed class KissChatDbContext(DbContextOptions<KissChatDbContext> options, IEnumerable<ModuleModel> modules)
    : IdentityUserContext<AppUser, Guid>(options)
{
    private readonly ModuleModel[] modules = modules.DistinctBy(m => m.Assembly).ToArray();

    /// <summary>Which modules shaped this context's model (part of EF's model cache key).</summary>
    internal string ModulesKey => string.Join('|', modules.Select(m => m.Assembly.FullName).Order(StringComparer.Ordinal));

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, ModuleModelCacheKeyFactory>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AppUser>().ToTable("users");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");

        foreach (var module in modules)
        {
            builder.ApplyConfigurationsFromAssembly(module.Assembly);
        }

        SnakeCaseConvention.Apply(builder);
        UtcDateTimeConvention.Apply(builder);
    }
}
