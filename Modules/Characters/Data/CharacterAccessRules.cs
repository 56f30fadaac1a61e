using KissChat.Characters.Contracts;
using KissChat.Kernel.Database;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.Data;

/// <summary>Why a character may not be read; the wording never reveals whose it is.</summary>
internal enum ReadRefusal
{
    None,

    /// <summary>No such character, or one an administrator hid, or whose author is banned.</summary>
    NotFound,

    /// <summary>Someone else's private character.</summary>
    Private,

    /// <summary>Someone else's NSFW character, and the reader has not opted in (or is not an adult).</summary>
    Nsfw,
}

/// <summary>
/// The seed's verifyOwner, widened by visibility: anyone signed in may read a public character and chat with it,
/// only its owner may change it. Someone else's private character is Forbidden (403), not hidden, and its data
/// never leaves this class. Public characters of others are readable only where the library lists them: not hidden by
/// an administrator, not by a banned author, and not NSFW unless the reader sees NSFW.
/// </summary>
internal static class CharacterAccessRules
{
    // Every reply reads its character through here.
    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, CancellationToken, Task<Found?>>> ById =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid characterId, CancellationToken _) =>
            db.Set<Character>().AsNoTracking()
                .Where(c => c.Id == characterId)
                .Select(c => new Found(c, db.Users.Any(u => u.Id == c.UserId && u.BannedAt != null)))
                .FirstOrDefault()));

    /// <summary>The character if the user may read it: their own, or anyone's public one they may see.</summary>
    public static async Task<(ReadRefusal Refusal, Character? Character)> FindReadableAsync(
        KissChatDbContext db, IUserProfiles profiles, Guid characterId, Guid userId, CancellationToken cancellationToken)
    {
        var found = await ById.For(db)(db, characterId, cancellationToken);
        var refusal = found switch
        {
            null => ReadRefusal.NotFound,
            { Character.UserId: var owner } when owner == userId => ReadRefusal.None,
            { Character.Visibility: not CharacterVisibility.Public } => ReadRefusal.Private,
            { Character.HiddenAt: not null } or { AuthorBanned: true } => ReadRefusal.NotFound,
            { Character.Nsfw: true } => ReadRefusal.Nsfw,
            _ => ReadRefusal.None,
        };
        // Asked only when it decides: most characters are not NSFW.
        if (refusal == ReadRefusal.Nsfw && await profiles.SeesNsfwAsync(userId, cancellationToken))
        {
            refusal = ReadRefusal.None;
        }

        return (refusal, refusal == ReadRefusal.None ? found!.Character : null);
    }

    /// <summary>The outcome other modules see: a private or NSFW character they may not read is Forbidden.</summary>
    public static CharacterAccessOutcome ToOutcome(ReadRefusal refusal) => refusal switch
    {
        ReadRefusal.None => CharacterAccessOutcome.Found,
        ReadRefusal.NotFound => CharacterAccessOutcome.NotFound,
        _ => CharacterAccessOutcome.Forbidden,
    };

    /// <summary>The user's own character, tracked for changing; nobody else's, public or not.</summary>
    public static async Task<(CharacterAccessOutcome Outcome, Character? Character)> FindOwnAsync(
        KissChatDbContext db, Guid characterId, Guid userId, CancellationToken cancellationToken)
    {
        var character = await db.Set<Character>().FirstOrDefaultAsync(c => c.Id == characterId && c.UserId == userId, cancellationToken);
        return character is null
            ? (await WhyNotOwnAsync(db, characterId, cancellationToken), null)
            : (CharacterAccessOutcome.Found, character);
    }

    /// <summary>For when a query filtered by owner found nothing: someone else's (403) or nobody's (404)?</summary>
    public static async Task<CharacterAccessOutcome> WhyNotOwnAsync(KissChatDbContext db, Guid characterId, CancellationToken cancellationToken) =>
        await db.Set<Character>().AnyAsync(c => c.Id == characterId, cancellationToken)
            ? CharacterAccessOutcome.Forbidden
            : CharacterAccessOutcome.NotFound;

    private sealed record Found(Character Character, bool AuthorBanned);
}
