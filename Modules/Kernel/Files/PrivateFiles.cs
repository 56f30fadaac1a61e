namespace KissChat.Kernel.Files;

public static class PrivateFiles
{
    /// <summary>
    /// A new file only the running user may read, from its first byte: one that is made readable to all and restricted
    /// after could be opened in between. A file already there (a backup's leftover part) is replaced, not reused: it would
    /// keep its own mode.
    /// </summary>
    public static FileStream Create(string path)
    {
        File.Delete(path);
        return new FileStream(path, OperatingSystem.IsWindows()
            ? new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite }
            : new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
    }
}
