namespace KissChat.Kernel.Files;

/// <summary>Reading an upload's multipart body the same way wherever one arrives.</summary>
public static class MultipartForm
{
    /// <summary>The form field every upload carries its file in.</summary>
    public const string FileField = "file";

    public const string NotMultipart = "The upload is not valid multipart/form-data.";

    /// <summary>
    /// The form, or null when the body is broken (no boundary, cut short). A body over the size limit throws: the limit's
    /// BadHttpRequestException is an IOException too, and it must keep its 413.
    /// </summary>
    public static async Task<IFormCollection?> TryReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or (IOException and not BadHttpRequestException))
        {
            return null;
        }
    }
}
