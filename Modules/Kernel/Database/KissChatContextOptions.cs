using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Kernel.Database;

/// <summary>
/// What a <see cref="KissChatDbContext"/> is made of besides its database: the modules that shape its model and the
/// process's <see cref="WriteGate"/>. They travel in the context's options, because a pooled context (a scope
/// borrows one instead of building one) may take nothing else in its constructor.
/// </summary>
public sealed class KissChatContextOptions(IEnumerable<ModuleModel> modules, WriteGate writeGate) : IDbContextOptionsExtension
{
    public ModuleModel[] Modules { get; } = modules.DistinctBy(m => m.Assembly).ToArray();

    public WriteGate WriteGate { get; } = writeGate;

    /// <summary>Which modules shaped the model (part of EF's model cache key).</summary>
    public string ModulesKey => field ??= string.Join('|', Modules.Select(m => m.Assembly.FullName).Order(StringComparer.Ordinal));

    public DbContextOptionsExtensionInfo Info => field ??= new ExtensionInfo(this);

    // Adds no services of EF's own: contexts of any modules may share EF's internal service provider.
    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => string.Empty;

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
        }
    }
}

public static class KissChatContextOptionsExtensions
{
    /// <summary>Builds the context from these modules (its model cached by them: <see cref="ModuleModelCacheKeyFactory"/>); writes take turns at <paramref name="writeGate"/> (none by default).</summary>
    public static TBuilder UseModules<TBuilder>(this TBuilder builder, IEnumerable<ModuleModel> modules, WriteGate? writeGate = null)
        where TBuilder : DbContextOptionsBuilder
    {
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new KissChatContextOptions(modules, writeGate ?? WriteGate.Open));
        builder.ReplaceService<IModelCacheKeyFactory, ModuleModelCacheKeyFactory>();
        return builder;
    }
}
