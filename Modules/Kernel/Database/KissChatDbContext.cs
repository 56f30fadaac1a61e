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
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AppUser>().ToTable("users");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");

        foreach (var module in modules.DistinctBy(m => m.Assembly))
        {
            builder.ApplyConfigurationsFromAssembly(module.Assembly);
        }

        SnakeCaseConvention.Apply(builder);
        UtcDateTimeConvention.Apply(builder);
    }
}
