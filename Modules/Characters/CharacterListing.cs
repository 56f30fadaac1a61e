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
    /// <summary>The listings of <paramref name="characters"/>, in order, with their authors' usernames (one query).</summary>
    public static async Task<IReadOnlyList<CharacterListing>> OfAsync(
        IReadOnlyList<Character> characters, IUserProfiles profiles, CancellationToken cancellationToken)
    {
        var creators = await profiles.UsernamesAsync(characters.Select(c => c.UserId).Distinct().ToList(), cancellationToken);
        return characters.Select(c => new CharacterListing(
                c.Id,
                c.UserId,
                creators.GetValueOrDefault(c.UserId),
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
                c.UpdatedAt))
            .ToList();
    }
}
