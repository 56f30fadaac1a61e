using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Net.Http.Headers;

namespace KissChat.Kernel.Files;

public static class Avatars
{
    /// <summary>Every module with an avatar endpoint calls this; the store is registered once.</summary>
    public static IServiceCollection AddAvatars(this IServiceCollection services)
    {
        services.TryAddSingleton<AvatarStore>();
        services.TryAddSingleton<AvatarUploads>();
        return services;
    }

    /// <summary>
    /// Serves uploaded avatars. Anonymous on purpose: <c>&lt;img&gt;</c> tags and shared caches fetch them, and the
    /// 128-bit random names cannot be guessed, so a URL is only known to those it was shown to.
    /// </summary>
    public static IEndpointRouteBuilder MapAvatars(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(AvatarStore.UrlPrefix + "{file}", Serve)
            .WithTags("Avatars")
            .AllowAnonymous()
            .WithName("GetAvatar")
            .WithSummary("An uploaded avatar image, cacheable forever (its name changes whenever the image does).");
        return routes;
    }

    /// <summary>How a client marks an endpoint as taking one avatar image in a multipart <c>file</c> field.</summary>
    public static RouteHandlerBuilder AcceptsAvatarUpload(this RouteHandlerBuilder builder) =>
        builder
            // Room for the multipart framing around a maximum-size image; a larger body is a 413 before it is read.
            .WithMetadata(new RequestSizeLimitAttribute(AvatarUploads.MaxBytes + (64 * 1024)))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            // Antiforgery tokens suit server-rendered forms; these endpoints are called by the SPA with a Bearer token
            // or a SameSite=Strict cookie, which a cross-site form post never carries (the hardening issue adds an Origin check).
            .DisableAntiforgery();

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Serve(string file, AvatarStore store, HttpResponse response)
    {
        if (store.Find(file) is not { } avatar)
        {
            return Problems.NotFound("Avatar not found.");
        }

        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.Headers.XContentTypeOptions = "nosniff";
        // The name already identifies the exact bytes, so it is a strong validator; the file handles If-None-Match with a 304.
        return TypedResults.PhysicalFile(avatar.Path, avatar.Format.ContentType, entityTag: new EntityTagHeaderValue($"\"{Path.GetFileNameWithoutExtension(avatar.Name)}\""));
    }
}
