using KissChat.Kernel.Http;

namespace KissChat.Kernel.Files;

/// <summary>
/// The upload half of an avatar endpoint, shared by every module that has one: checks the <c>file</c> field,
/// stores it, lets the module point its row at the new URL, and only then removes the file it replaced.
/// </summary>
public sealed class AvatarUploads(AvatarStore store, DecodePlaces places)
{
    public const long MaxBytes = 5 * 1024 * 1024;

    /// <summary>
    /// Stores <paramref name="file"/> for <paramref name="userId"/> and calls <paramref name="swap"/> with its URL. The
    /// swap must change the row only while it still holds <paramref name="previousUrl"/> (as <paramref name="unchanged"/>
    /// tells) and return how many rows it changed: when a concurrent change wins, the client gets a 409 instead of an
    /// orphaned file, before the image is decoded if the change came first.
    /// </summary>
    public async Task<(string? Url, ProblemHttpResult? Problem)> ReplaceAsync(
        Guid userId,
        IFormFile? file,
        string? previousUrl,
        Func<CancellationToken, Task<bool>> unchanged,
        Func<string, CancellationToken, Task<int>> swap,
        CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return (null, InvalidFile("Send the image as a non-empty multipart/form-data field named 'file'."));
        }

        if (file.Length > MaxBytes)
        {
            return (null, Problems.Create(StatusCodes.Status413PayloadTooLarge, $"The image is too large: at most {MaxBytes / (1024 * 1024)} MB."));
        }

        string? url, error;
        using (var turn = places.TryTurn(userId))
        {
            if (turn is null)
            {
                return (null, DecodePlaces.Busy());
            }

            var image = new byte[file.Length];
            await using (var content = file.OpenReadStream())
            {
                await content.ReadExactlyAsync(image, cancellationToken);
            }

            // Asked once the place is ours, right before the decoding a lost race would waste: the wait may be long.
            await turn.WaitForPlaceAsync(cancellationToken);
            if (!await unchanged(cancellationToken))
            {
                return (null, Changed());
            }

            (url, error) = await store.SaveAsync(image, $"'{MultipartForm.FileField}'", turn, cancellationToken);
        }

        if (url is null)
        {
            return (null, InvalidFile(error!));
        }

        if (await swap(url, cancellationToken) == 0)
        {
            store.Delete(url);
            return (null, Changed());
        }

        store.Delete(previousUrl);
        return (url, null);
    }

    private static ProblemHttpResult Changed() => Problems.Conflict("It changed while the image was uploading; try again.");

    private static ProblemHttpResult InvalidFile(string message) => FieldProblem.BadRequest(MultipartForm.FileField, message);
}
