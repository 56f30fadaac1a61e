namespace KissChat.Kernel.Files;

public static class PrivateFiles
{
    /// <summary>
    /// A new file (or an emptied one) only the running user may read, from its first byte: one that is made readable to
    /// all and restricted after could be opened in between.
    /// </summary>
    public static FileStream Create(string path) => new(path, OperatingSystem.IsWindows()
        ? new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.ReadWrite }
        : new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.ReadWrite, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
}
