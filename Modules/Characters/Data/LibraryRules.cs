using KissChat.Kernel.Database;

namespace KissChat.Characters.Data;

/// <summary>Which characters public places (the library, tags, creator pages, likes) list for a reader.</summary>
internal static class LibraryRules
{
    /// <summary>
    /// Public, not hidden by an administrator, not by a banned author, and NSFW only for a reader who sees NSFW
    /// (never a visitor).
    /// </summary>
    public static IQueryable<Character> ListedFor(this IQueryable<Character> characters, KissChatDbContext db, bool seesNsfw) =>
        characters.Where(c => c.Visibility == CharacterVisibility.Public
            && c.HiddenAt == null
            && (seesNsfw || !c.Nsfw)
            && !db.Users.Any(u => u.Id == c.UserId && u.BannedAt != null));
}
