using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KissChat.Kernel.Files;

/// <summary>
/// An imported file as sent: the JSON body itself, or the file in the multipart field <c>file</c> (what a browser's file
/// input sends). The endpoints that take one read the body themselves and accept any type in the API document
/// (<see cref="FileUploadForm"/>), so that routing does not answer other types with a bare 415 first.
/// </summary>
public static class FileUpload
{
    /// <summary>The file's bytes and, for a multipart upload, its name; or why there are none.</summary>
    /// <param name="what">What the file is, for the messages: "the card (a PNG or JSON file)".</param>
    public static async Task<(byte[] File, string? FileName, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, string what, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        if (request.HasJsonContentType())
        {
            await request.Body.CopyToAsync(content, cancellationToken);
            return (content.ToArray(), null, null);
        }

        if (!request.HasFormContentType)
        {
            return ([], null, Problems.Create(
                StatusCodes.Status415UnsupportedMediaType,
                $"Send {what} as application/json, or as multipart/form-data with the file in a '{MultipartForm.FileField}' field."));
        }

        if (await MultipartForm.TryReadAsync(request, cancellationToken) is not { } form)
        {
            return ([], null, Problems.BadRequest(MultipartForm.NotMultipart));
        }

        if (form.Files.GetFile(MultipartForm.FileField) is not { } upload)
        {
            return ([], null, Problems.BadRequest($"Attach {what} in a form field named '{MultipartForm.FileField}'."));
        }

        await upload.CopyToAsync(content, cancellationToken);
        return (content.ToArray(), upload.FileName, null);
    }
}

/// <summary>The multipart form of an import as the API document shows it: the file in the field <c>file</c>.</summary>
public sealed class FileUploadForm
{
    public IFormFile? File { get; set; }
}
