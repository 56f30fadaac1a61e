using FastEndpoints;
using FluentValidation;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.Net.Http.Headers;

namespace KissChat.Kernel.Files;

/// <param name="File">The avatar's name, as its URL gives it.</param>
/// <param name="Size"><c>thumb</c> for the list size; absent or <c>full</c> for the image as uploaded (re-encoded).</param>
internal sealed record ServeAvatarRequest(string File, string? Size)
{
    public const string Thumbnail = "thumb";

    public const string Full = "full";
}

internal sealed class ServeAvatarValidator : Validator<ServeAvatarRequest>
{
    public ServeAvatarValidator() =>
        RuleFor(r => r.Size)
            .Must(size => size is null or ServeAvatarRequest.Thumbnail or ServeAvatarRequest.Full)
            .WithMessage($"'size' must be '{ServeAvatarRequest.Thumbnail}' or '{ServeAvatarRequest.Full}'.");
}

/// <summary>
/// Serves uploaded avatars. Anonymous on purpose: <c>&lt;img&gt;</c> tags and shared caches fetch them, and the
/// 128-bit random names cannot be guessed, so a URL is only known to those it was shown to. Both sizes were made when
/// the image was stored, so serving one never decodes anything.
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
        Summary(s =>
        {
            s.Summary = "An uploaded avatar image, or with size=thumb its thumbnail; both cacheable forever (the name changes whenever the image does).";
            s.Description = $"A thumbnail fits in {AvatarImages.ThumbnailSide}×{AvatarImages.ThumbnailSide} pixels, keeps the image's proportions and "
                + "format, and is never larger than the image. Avatars uploaded before thumbnails existed answer size=thumb with the full image.";
            s.RequestParam(r => r.Size, $"'{ServeAvatarRequest.Thumbnail}' for the list size, '{ServeAvatarRequest.Full}' (the default) for the whole image.");
        });
    }

    public override Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> ExecuteAsync(ServeAvatarRequest request, CancellationToken ct)
    {
        if (store.Find(request.File, thumbnail: request.Size == ServeAvatarRequest.Thumbnail) is not { } avatar)
        {
            return Task.FromResult<Results<PhysicalFileHttpResult, ProblemHttpResult>>(Problems.NotFound("Avatar not found."));
        }

        HttpContext.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        // The file handles If-None-Match with a 304.
        return Task.FromResult<Results<PhysicalFileHttpResult, ProblemHttpResult>>(TypedResults.PhysicalFile(
            avatar.Path, avatar.Format.ContentType, entityTag: new EntityTagHeaderValue(avatar.EntityTag)));
    }
}
