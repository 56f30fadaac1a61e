using FastEndpoints;
using KissChat.Admin.Administrators;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Admin;

public static class AdminModule
{
    public static IServiceCollection AddAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ModuleModel(typeof(AdminModule).Assembly));
        services.AddSingleton(AdminSettings.From(configuration));
        services.AddScoped<Administrators.Administrators>();
        services.AddScoped<Bans>();
        services.AddScoped<IAuthorizationHandler, AdministratorsOnlyHandler>();
        services.AddAuthorizationBuilder().AddPolicy(
            AdministratorsOnly.Policy,
            policy => policy.AddAuthenticationSchemes(SessionScheme.Name).RequireAuthenticatedUser().AddRequirements(new AdministratorsOnly()));
        return services;
    }
}

/// <summary>The administration routes: <c>/api/v1/admin/…</c>, for administrators only (403 for everyone else).</summary>
internal sealed class AdminGroup : Group
{
    public AdminGroup() => Configure("/api/v1/admin", endpoint =>
    {
        endpoint.Policies(AdministratorsOnly.Policy);
        endpoint.Description(b => b.WithTags("Admin").ProducesProblems(StatusCodes.Status403Forbidden));
    });
}
