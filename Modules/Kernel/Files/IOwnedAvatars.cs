namespace KissChat.Kernel.Files;

/// <summary>
/// A module whose rows point at uploaded avatars says which belong to a user, so deleting the account removes
/// the files too: the rows go by cascade, and a file nobody points at would stay online forever.
/// </summary>
public interface IOwnedAvatars
{
    Task<IReadOnlyList<string>> AvatarUrlsOfAsync(Guid userId, CancellationToken cancellationToken);
}
