using System.Linq.Expressions;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

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
    /// <summary>What a listing reads of a character: its columns, without the creator's username (<see cref="OfAsync"/> adds it).</summary>
    public static readonly Expression<Func<Character, CharacterListing>> Columns = c => new CharacterListing(
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
        null);

    /// <summary>
    /// <paramref name="listings"/>, in order, with their authors' usernames and whether <paramref name="viewer"/> likes
    /// each (a query each; none for a visitor's likes).
    /// </summary>
    public static async Task<IReadOnlyList<CharacterListing>> OfAsync(
        IReadOnlyList<CharacterListing> listings, Guid? viewer, KissChatDbContext db, IUserProfiles profiles, CancellationToken cancellationToken)
    {
        var creators = await profiles.UsernamesAsync(listings.Select(l => l.CharacterUserId).Distinct().ToList(), cancellationToken);
        var ids = listings.Select(l => l.CharacterId).ToList();
        var liked = viewer is { } id
            ? (await db.Set<CharacterLike>().Where(l => l.UserId == id && ids.Contains(l.CharacterId)).Select(l => l.CharacterId).ToListAsync(cancellationToken)).ToHashSet()
            : null;
        return listings.Select(l => l with { Creator = creators.GetValueOrDefault(l.CharacterUserId), Liked = liked?.Contains(l.CharacterId) }).ToList();
    }
}
