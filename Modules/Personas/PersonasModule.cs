using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Personas.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Personas;

public static class PersonasModule
{
    public static IServiceCollection AddPersonas(this IServiceCollection services)
    {
        services.AddSingleton(new ModuleModel(typeof(PersonasModule).Assembly));
        services.AddScoped<IPersonas, PersonaDirectory>();
        return services;
    }
}

/// <summary>The persona routes: <c>/api/v1/persona/…</c>, for the signed-in user's own personas only.</summary>
internal sealed class PersonasGroup : Group
{
    public PersonasGroup() => Configure("/api/v1/persona", endpoint => endpoint.Description(b => b.WithTags("Personas")));
}
