using System.Linq.Expressions;
using KissChat.Characters.Data;
using KissChat.Users.Contracts;

namespace KissChat.Characters;

/// <summary>
/// A character as public places list it (the library, creator pages, likes): who made it and how it presents itself,
/// never its definition. <c>creator</c> is its author's username.
/// </summary>
/// <param name="Liked">Whether the signed-in caller likes it (so a like button shows as it stands without reading every
/// like); null for a visitor.</param>
internal sealed record CharacterListing(
    Guid CharacterId,
    Guid CharacterUserId,
    string? Creator,
    string Name,
    string? AvatarUrl,
    string? PublicDescription,
    string? CreatorNotes,
    IReadOnlyList<string> Tags,
    bool Nsfw,
    string DefinitionVisibility,
    int ChatCount,
    int LikeCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool? Liked)
{
    /// <summary>
    /// What a listing reads of a character: its columns and whether <paramref name="viewer"/> likes it (null for a visitor),
    /// without the creator's username (<see cref="OfAsync"/> adds it). The like is read in the same statement as the count,
    /// so the two agree: read apart, a like or unlike committed between them showed a like count of 1 with the like not
    /// pressed.
    /// </summary>
    public static Expression<Func<Character, CharacterListing>> Columns(IQueryable<CharacterLike> likes, Guid? viewer) => c => new CharacterListing(
        c.Id,
        c.UserId,
        null,
        c.Name,
        c.AvatarUrl,
        c.PublicDescription,
        c.CreatorNotes,
        c.Tags,
        c.Nsfw,
        c.DefinitionVisibility,
        c.ChatCount,
        c.LikeCount,
        c.CreatedAt,
        c.UpdatedAt,
        viewer == null ? null : likes.Any(l => l.CharacterId == c.Id && l.UserId == viewer));

    /// <summary><paramref name="listings"/>, in order, with their authors' usernames.</summary>
    public static async Task<IReadOnlyList<CharacterListing>> OfAsync(IReadOnlyList<CharacterListing> listings, IUserProfiles profiles, CancellationToken cancellationToken)
    {
        var creators = await profiles.UsernamesAsync(listings.Select(l => l.CharacterUserId).Distinct().ToList(), cancellationToken);
        return listings.Select(l => l with { Creator = creators.GetValueOrDefault(l.CharacterUserId) }).ToList();
    }
}
