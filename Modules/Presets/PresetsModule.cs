using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Presets.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Presets;

public static class PresetsModule
{
    public static IServiceCollection AddPresets(this IServiceCollection services)
    {
        services.AddSingleton(new ModuleModel(typeof(PresetsModule).Assembly));
        services.AddScoped<IPresets, PresetShelf>();
        return services;
    }
}

/// <summary>The preset routes: <c>/api/v1/preset/…</c>, for the signed-in user's own presets only.</summary>
internal sealed class PresetsGroup : Group
{
    public PresetsGroup() => Configure("/api/v1/preset", endpoint => endpoint.Description(b => b.WithTags("Presets")));
}
