namespace KissChat.Kernel.Files;

/// <summary>
/// What an imported file's contents are called when the file names nothing itself: SillyTavern names worlds and presets
/// after their files and writes no name inside them, so the file's name is the one its user knows them by.
/// </summary>
public static class UploadNames
{
    /// <summary>The uploaded file's name without its extension, cut to <paramref name="maxLength"/>; null when there is none.</summary>
    public static string? Of(string? fileName, int maxLength) =>
        Path.GetFileNameWithoutExtension(fileName)?.Trim() is { Length: > 0 } name ? name[..Math.Min(name.Length, maxLength)] : null;
}
