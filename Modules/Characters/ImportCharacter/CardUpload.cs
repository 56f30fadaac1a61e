using KissChat.Kernel.Files;
using KissChat.Kernel.Http;

namespace KissChat.Characters.ImportCharacter;

/// <summary>The card's bytes as sent: the JSON body itself, or the file in the multipart field <c>file</c>.</summary>
internal static class CardUpload
{
    /// <summary>A PNG card is mostly picture: a few megabytes is normal, well over the API's usual body limit.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>The card's bytes, or why there are none.</summary>
    public static async Task<(byte[] File, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        if (request.HasJsonContentType())
        {
            await request.Body.CopyToAsync(content, cancellationToken);
            return (content.ToArray(), null);
        }

        if (!request.HasFormContentType)
        {
            return ([], Problems.Create(
                StatusCodes.Status415UnsupportedMediaType,
                $"Send the card as application/json, or as multipart/form-data with the PNG or JSON file in a '{MultipartForm.FileField}' field."));
        }

        if (await MultipartForm.TryReadAsync(request, cancellationToken) is not { } form)
        {
            return ([], Problems.BadRequest(MultipartForm.NotMultipart));
        }

        if (form.Files.GetFile(MultipartForm.FileField) is not { } upload)
        {
            return ([], Problems.BadRequest($"Attach the card (a PNG or JSON file) in a form field named '{MultipartForm.FileField}'."));
        }

        await upload.CopyToAsync(content, cancellationToken);
        return (content.ToArray(), null);
    }
}
