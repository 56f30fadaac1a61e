using System.Linq.Expressions;
using KissChat.Characters.Data;
using KissChat.Users.Contracts;

namespace KissChat.Characters;

/// <summary>
/// A character as public places list it (the library, creator pages, likes): who made it and how it presents itself,
/// never its definition. <c>creator</c> is its author's username.
/// </summary>
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
    DateTime UpdatedAt)
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
        c.UpdatedAt);

    /// <summary><paramref name="listings"/>, in order, with their authors' usernames (one query).</summary>
    public static async Task<IReadOnlyList<CharacterListing>> OfAsync(
        IReadOnlyList<CharacterListing> listings, IUserProfiles profiles, CancellationToken cancellationToken)
    {
        var creators = await profiles.UsernamesAsync(listings.Select(l => l.CharacterUserId).Distinct().ToList(), cancellationToken);
        return listings.Select(l => l with { Creator = creators.GetValueOrDefault(l.CharacterUserId) }).ToList();
    }
}
