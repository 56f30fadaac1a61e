using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace KissChat.Kernel.Database;

/// <summary>
/// EF Core builds a context's model once and caches it by context type; ours depends on which modules were
/// registered, so the module set is part of the key. Without it, a context built with other modules (a tool, a
/// test) would hand its model to every later context of the same provider.
/// </summary>
internal sealed class ModuleModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is KissChatDbContext kissChat ? (context.GetType(), kissChat.ModulesKey, designTime) : (context.GetType(), designTime);
}
