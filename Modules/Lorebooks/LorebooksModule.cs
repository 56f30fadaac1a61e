using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Export;
using KissChat.Lorebooks.ExportLorebook;
using KissChat.Lorebooks.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Lorebooks;

public static class LorebooksModule
{
    public static IServiceCollection AddLorebooks(this IServiceCollection services)
    {
        services.AddSingleton(new ModuleModel(typeof(LorebooksModule).Assembly));
        services.AddScoped<IUserDataExport, OwnLorebooksExport>();
        services.AddScoped<ILorebooks, LorebookShelf>();
        services.AddSingleton<ParsedLorebooks>();
        return services;
    }
}

/// <summary>The lorebook routes: <c>/api/v1/lorebook/…</c>, for the signed-in user's own books only.</summary>
internal sealed class LorebooksGroup : Group
{
    public LorebooksGroup() => Configure("/api/v1/lorebook", endpoint => endpoint.Description(b => b.WithTags("Lorebooks")));
}
