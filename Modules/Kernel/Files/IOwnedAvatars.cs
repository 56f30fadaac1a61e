namespace KissChat.Kernel.Files;

/// <summary>
/// A module whose rows point at uploaded avatars says which belong to a user, so deleting the account removes
/// the files too (the rows go by cascade, and a file nobody points at would stay online forever), and which of a list of
/// stored files its rows still point at, so the sweep can remove the ones nothing does.
/// </summary>
public interface IOwnedAvatars
{
    Task<IReadOnlyList<string>> AvatarUrlsOfAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="urls"/> (a few hundred at most) that a row points at.</summary>
    Task<IReadOnlyList<string>> InUseAsync(IReadOnlyCollection<string> urls, CancellationToken cancellationToken);
}
