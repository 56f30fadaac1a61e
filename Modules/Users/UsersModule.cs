using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Export;
using KissChat.Kernel.Files;
using KissChat.Users.Contracts;
using KissChat.Users.Data;
using KissChat.Users.ExportMyData;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Users;

public static class UsersModule
{
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddSingleton(new ModuleModel(typeof(UsersModule).Assembly));
        services.AddScoped<IUserProfiles, UserProfiles>();
        services.AddScoped<ICredits, Credits>();
        services.AddScoped<IUserAdministration, UserAdministration>();
        services.AddSingleton<CoinMetrics>();
        services.AddScoped<IUserDataExport, ProfileExport>();
        services.AddScoped<IOwnedAvatars, ProfileAvatars>();
        services.AddAvatars();
        return services;
    }
}

/// <summary>The profile routes: <c>/api/v1/user/…</c>, for the signed-in user only.</summary>
internal sealed class UsersGroup : Group
{
    public UsersGroup() => Configure("/api/v1/user", endpoint => endpoint.Description(b => b.WithTags("Users")));
}
