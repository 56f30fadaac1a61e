using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Kernel.Scheduling;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KissChat.Kernel.Files;

public static class Avatars
{
    /// <summary>Every module with an avatar endpoint calls this; the store is registered once.</summary>
    public static IServiceCollection AddAvatars(this IServiceCollection services)
    {
        services.TryAddSingleton<DecodePlaces>();
        services.TryAddSingleton<AvatarImages>();
        services.TryAddSingleton<AvatarStore>();
        services.TryAddSingleton<AvatarUploads>();
        if (!services.Any(d => d.ServiceType == typeof(SweepUnreferencedAvatars)))
        {
            services.AddScheduledWork<SweepUnreferencedAvatars>(when => when.Daily());
        }

        return services;
    }

    /// <summary>The size limit and the 413 of an endpoint taking one avatar image in a multipart <c>file</c> field.</summary>
    public static RouteHandlerBuilder AcceptsAvatarUpload(this RouteHandlerBuilder builder) =>
        builder
            // Room for the multipart framing around a maximum-size image; a larger body is a 413 before it is read.
            .WithMetadata(new RequestSizeLimitAttribute(AvatarUploads.MaxBytes + (64 * 1024)))
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
}
