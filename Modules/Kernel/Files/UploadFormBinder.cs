using FastEndpoints;
using FluentValidation.Results;

namespace KissChat.Kernel.Files;

/// <summary>A multipart request carrying one file in the form field <c>file</c>.</summary>
public interface IUploadForm
{
    IFormFile? File { get; set; }
}

/// <summary>
/// Reads the form itself: FastEndpoints' form binding reports a body over the size limit as malformed form data (400),
/// where the limit's own 413 belongs. Route values (an id) are bound as usual.
/// </summary>
public sealed class UploadFormBinder<TRequest>() : RequestBinder<TRequest>(BindingSource.RouteValues)
    where TRequest : class, IUploadForm
{
    public override async ValueTask<TRequest> BindAsync(BinderContext ctx, CancellationToken ct)
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
