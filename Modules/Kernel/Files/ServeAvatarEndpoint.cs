using FastEndpoints;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.Net.Http.Headers;

namespace KissChat.Kernel.Files;

internal sealed record ServeAvatarRequest(string File);

/// <summary>
/// Serves uploaded avatars. Anonymous on purpose: <c>&lt;img&gt;</c> tags and shared caches fetch them, and the
/// 128-bit random names cannot be guessed, so a URL is only known to those it was shown to.
/// </summary>
internal sealed class ServeAvatarEndpoint(AvatarStore store) : Endpoint<ServeAvatarRequest, Results<PhysicalFileHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(AvatarStore.UrlPrefix + "{file}");
        AllowAnonymous();
        Description(b => b
            .WithTags("Avatars")
            .WithName("GetAvatar")
            .Produces(StatusCodes.Status200OK, typeof(byte[]), "image/png", "image/jpeg", "image/webp")
            .ProducesProblems(StatusCodes.Status404NotFound));
        Summary(s => s.Summary = "An uploaded avatar image, cacheable forever (its name changes whenever the image does).");
    }

    public override Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> ExecuteAsync(ServeAvatarRequest request, CancellationToken ct)
    {
        if (store.Find(request.File) is not { } avatar)
        {
            return Task.FromResult<Results<PhysicalFileHttpResult, ProblemHttpResult>>(Problems.NotFound("Avatar not found."));
        }

        HttpContext.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        // The name already identifies the exact bytes, so it is a strong validator; the file handles If-None-Match with a 304.
        return Task.FromResult<Results<PhysicalFileHttpResult, ProblemHttpResult>>(TypedResults.PhysicalFile(
            avatar.Path, avatar.Format.ContentType, entityTag: new EntityTagHeaderValue($"\"{Path.GetFileNameWithoutExtension(avatar.Name)}\"")));
    }
}
