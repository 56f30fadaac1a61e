using KissChat.Kernel.Http;
using KissChat.Users.Contracts;

namespace KissChat.Characters;

/// <summary>Who is looking at public places: a visitor (no id) never sees NSFW characters.</summary>
internal sealed record Viewer(Guid? Id, bool SeesNsfw)
{
    /// <summary>The request's user, if it carries a live session, on a route open to visitors.</summary>
    public static async Task<Viewer> OfRequestAsync(CurrentUser me, IUserProfiles profiles, CancellationToken cancellationToken) =>
        await me.FindAsync() is { } id ? await OfUserAsync(id, profiles, cancellationToken) : new Viewer(null, false);

    public static async Task<Viewer> OfUserAsync(Guid id, IUserProfiles profiles, CancellationToken cancellationToken) =>
        new(id, await profiles.SeesNsfwAsync(id, cancellationToken));
}
