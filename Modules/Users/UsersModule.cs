using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Validation;
using KissChat.Users.Contracts;
using KissChat.Users.DeleteAccount;
using KissChat.Users.UpdateProfile;
using KissChat.Users.UploadAvatar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Users;

public static class UsersModule
{
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddSingleton(new ModuleModel(typeof(UsersModule).Assembly));
        services.AddValidatorsOf(typeof(UsersModule).Assembly);
        services.AddScoped<IUserProfiles, UserProfiles>();
        services.AddScoped<ICredits, Credits>();
        services.AddAvatars();
        return services;
    }

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/user").WithTags("Users").RequireAuthorization();
        group.MapPut("/update/{id}", UpdateProfileEndpoint.Handle)
            .WithName("UpdateProfile")
            .WithSummary("Update your profile (username, avatar_url, status).")
            .Validate<UpdateProfileRequest>();
        group.MapPost("/avatar", UploadAvatarEndpoint.Handle)
            .WithName("UploadAvatar")
            .WithSummary("Upload your avatar: a PNG, JPEG or WebP image of at most 5 MB in the form field 'file'.")
            .AcceptsAvatarUpload();
        group.MapDelete("/delete/{id}", DeleteAccountEndpoint.Handle)
            .WithName("DeleteAccount")
            .WithSummary("Delete your account and everything it owns.");
        return routes;
    }
}
