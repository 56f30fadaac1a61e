using KissChat.Kernel.Http;

namespace KissChat.Kernel.Files;

/// <summary>
/// The upload half of an avatar endpoint, shared by every module that has one: checks the <c>file</c> field,
/// stores it, lets the module point its row at the new URL, and only then removes the file it replaced.
/// </summary>
public sealed class AvatarUploads(AvatarStore store)
{
    public const long MaxBytes = 5 * 1024 * 1024;

    /// <summary>
    /// Stores <paramref name="file"/> and calls <paramref name="swap"/> with its URL. The swap must change the row only
    /// while it still holds <paramref name="previousUrl"/> and return how many rows it changed: when a concurrent
    /// change wins, the new file is removed and the client gets a 409 instead of an orphaned file.
    /// </summary>
    public async Task<(string? Url, ProblemHttpResult? Problem)> ReplaceAsync(
        IFormFile? file, string? previousUrl, Func<string, CancellationToken, Task<int>> swap, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return (null, InvalidFile("Send the image as a non-empty multipart/form-data field named 'file'."));
        }

        if (file.Length > MaxBytes)
        {
            return (null, Problems.Create(StatusCodes.Status413PayloadTooLarge, $"The image is too large: at most {MaxBytes / (1024 * 1024)} MB."));
        }

        var image = new byte[file.Length];
        await using (var content = file.OpenReadStream())
        {
            await content.ReadExactlyAsync(image, cancellationToken);
        }

        var (url, error) = await store.SaveAsync(image, $"'{MultipartForm.FileField}'", cancellationToken);
        if (url is null)
        {
            return (null, InvalidFile(error!));
        }

        if (await swap(url, cancellationToken) == 0)
        {
            store.Delete(url);
            return (null, Problems.Conflict("It changed while the image was uploading; try again."));
        }

        store.Delete(previousUrl);
        return (url, null);
    }

    private static ProblemHttpResult InvalidFile(string message) => FieldProblem.BadRequest(MultipartForm.FileField, message);
}
