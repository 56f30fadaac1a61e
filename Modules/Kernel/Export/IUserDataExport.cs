namespace KissChat.Kernel.Export;

/// <summary>
/// A module that stores things a user owns writes them into the user's data export (<c>GET user/export</c>), each
/// module its own part, so that the export holds everything without one module reading another's tables.
/// </summary>
public interface IUserDataExport
{
    Task WriteAsync(Guid userId, UserExportArchive archive, CancellationToken cancellationToken);
}
