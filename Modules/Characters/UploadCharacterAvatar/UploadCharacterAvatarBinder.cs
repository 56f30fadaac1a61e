using FastEndpoints;
using FluentValidation.Results;

namespace KissChat.Characters.UploadCharacterAvatar;

/// <summary>
/// Reads the form itself: FastEndpoints' form binding reports a body over the size limit as malformed form data (400),
/// where the limit's own 413 belongs. The id comes from the route.
/// </summary>
internal sealed class UploadCharacterAvatarBinder() : RequestBinder<UploadCharacterAvatarRequest>(BindingSource.RouteValues)
{
    public override async ValueTask<UploadCharacterAvatarRequest> BindAsync(BinderContext ctx, CancellationToken ct)
    {
        var request = await base.BindAsync(ctx, ct);
        if (await MultipartForm.TryReadAsync(ctx.HttpContext.Request, ct) is not { } form)
        {
            ctx.ValidationFailures.Add(new ValidationFailure(MultipartForm.FileField, MultipartForm.NotMultipart));
            throw new ValidationFailureException(ctx.ValidationFailures, MultipartForm.NotMultipart);
        }

        request.File = form.Files.GetFile(MultipartForm.FileField);
        return request;
    }
}
